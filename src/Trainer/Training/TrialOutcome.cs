namespace SweepGrid.Trainer.Training;

/// <summary>
/// The result of <see cref="TrialRunner.Run"/>: finished epochs (a diverged epoch is not among them: its
/// metrics are NaN/inf), how it ended, and for a divergence the message "diverged at epoch N".
/// </summary>
public sealed record TrialOutcome(TrialOutcomeKind Kind, IReadOnlyList<EpochMetrics> Epochs, string? Message, double WeightNorm);
