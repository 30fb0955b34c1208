using System.Collections.Immutable;

namespace SweepGrid.Contracts.Grains;

/// <summary>The scheduler's queue and running trials (silo per running trial key).</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerSnapshot(
    [property: Id(0)] ImmutableArray<string> Queued,
    [property: Id(1)] ImmutableDictionary<string, string> Running);
