namespace SweepGrid.Contracts.Sweeps;

/// <summary>Lifecycle of a trial. Completed, Diverged, Failed, Cancelled and Stopped are terminal.</summary>
[GenerateSerializer]
public enum TrialState
{
    /// <summary>Known to its sweep, not yet handed to the scheduler.</summary>
    Pending,
    /// <summary>Waiting for a free slot.</summary>
    Queued,
    /// <summary>Training on a silo's slot.</summary>
    Running,
    Completed,
    /// <summary>Loss became NaN/inf; the message says at which epoch.</summary>
    Diverged,
    /// <summary>Threw more than max_failures times; the last error is kept.</summary>
    Failed,
    Cancelled,
    /// <summary>Ended early by the sweep's early-stopping rule (its decision and reason in the message); its epochs are kept.</summary>
    Stopped,
}
