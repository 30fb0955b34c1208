namespace SweepGrid.Silo.Execution;

/// <summary>How one member's attempt ended, which decides what its slot tells the trial grain.</summary>
public enum AttemptEnd
{
    /// <summary>Every epoch trained and stored.</summary>
    Completed,

    /// <summary>Loss became NaN/inf (final).</summary>
    Diverged,

    /// <summary>Told to stop after a stored epoch, or cancelled between batches.</summary>
    Cancelled,

    /// <summary>The grain refused an epoch (the lease is no longer current): nothing to report, the trial moved on.</summary>
    LeaseLost,

    /// <summary>A transient fault (storage, network) stopped it: handed back to the queue, not counted as a failure.</summary>
    HandBack,

    /// <summary>The trial's own code threw: counted against <c>resources.max_failures</c>.</summary>
    Failed,
}
