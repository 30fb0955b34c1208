namespace SweepGrid.Trainer.Training;

/// <summary>How a trainer run ended.</summary>
public enum TrialOutcomeKind
{
    Completed,
    Diverged,
    Cancelled,
}
