namespace SweepGrid.Contracts.Grains;

/// <summary>The trial grain's answer to a slot's epoch report or heartbeat.</summary>
[GenerateSerializer]
public enum LeaseVerdict
{
    /// <summary>Stored (or already stored); go on.</summary>
    Continue,

    /// <summary>Stored (or already stored); stop after checkpointing it (the trial was cancelled).</summary>
    Stop,

    /// <summary>
    /// Not stored: the lease is no longer current (the trial moved on) or the epoch is out of order. The slot must
    /// stop and must not checkpoint this epoch, so a checkpoint is never ahead of the stored epochs.
    /// </summary>
    Refused,
}
