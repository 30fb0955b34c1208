namespace SweepGrid.Contracts.Grains;

/// <summary>The trial grain's answer to a slot: go on, or stop (cancelled, or the lease is no longer current).</summary>
[GenerateSerializer]
public enum LeaseVerdict
{
    Continue,
    Stop,
}
