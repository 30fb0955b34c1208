namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// Where a watcher stands in a sweep's stream of changes: which activation of the sweep's grain numbered them, and the
/// last change seen. A version from another activation (the grain moved or restarted) makes the stream start over.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct SweepVersion([property: Id(0)] Guid Activation, [property: Id(1)] long Change)
{
    /// <summary>Nothing seen yet: the stream starts with every trial.</summary>
    public static SweepVersion None => default;
}
