namespace SweepGrid.Contracts.Grains;

/// <summary>A trial handed to a slot, with the lease id that slot must use for this attempt.</summary>
[GenerateSerializer, Immutable]
public sealed record LeasedTrial([property: Id(0)] QueuedTrial Trial, [property: Id(1)] Guid LeaseId);
