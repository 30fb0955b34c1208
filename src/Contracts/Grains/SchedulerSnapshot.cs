using System.Collections.Immutable;

namespace SweepGrid.Contracts.Grains;

/// <summary>The scheduler's queue, its running trials (silo per running trial key) and the silo hosting it.</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerSnapshot(
    [property: Id(0)] ImmutableArray<string> Queued,
    [property: Id(1)] ImmutableDictionary<string, string> Running,
    [property: Id(2)] string Host);
