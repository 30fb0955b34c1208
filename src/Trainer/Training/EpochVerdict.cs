namespace SweepGrid.Trainer.Training;

/// <summary>What happens to a member after an epoch.</summary>
public enum EpochVerdict
{
    /// <summary>Checkpoint it and train on.</summary>
    Continue,

    /// <summary>Checkpoint it, then stop the member (a cancel, an early stop).</summary>
    Stop,

    /// <summary>Stop without checkpointing: the epoch was not kept, and a checkpoint must never be ahead of what was.</summary>
    Discard,
}
