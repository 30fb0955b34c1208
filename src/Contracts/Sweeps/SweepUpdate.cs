using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// One message of a sweep's update stream (<see cref="Grains.ISweepGrain.WatchAsync"/>): the trials that changed
/// since the previous message, whole (a summary replaces the one the watcher holds), and the sweep's state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepUpdate
{
    /// <summary>Pass this back to <see cref="Grains.ISweepGrain.WatchAsync"/> to continue after a broken stream.</summary>
    [Id(0)] public required SweepVersion Version { get; init; }
    [Id(1)] public required SweepState State { get; init; }
    /// <summary>Trials in the sweep (a resubmission can add some).</summary>
    [Id(2)] public required int TrialCount { get; init; }
    /// <summary>Changed trials; when <see cref="Reset"/>, the first part of every trial in grid order.</summary>
    [Id(3)] public required ImmutableArray<TrialSummary> Changed { get; init; }
    /// <summary>The watcher's earlier view is void (first message, or the sweep's grain restarted): start from these.</summary>
    [Id(4)] public bool Reset { get; init; }
    /// <summary>Sent with the first message of a stream, null after.</summary>
    [Id(5)] public SweepSpec? Spec { get; init; }
    [Id(6)] public DateTimeOffset SubmittedAt { get; init; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }
}
