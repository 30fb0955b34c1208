using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Runs one attempt of a trial — or of a group of fusible trials — synchronously on the calling (slot) thread.
/// The real one trains with TorchSharp; benchmarks plug in one whose epochs only wait, to measure the
/// orchestration alone.
/// </summary>
public interface ITrialExecutor
{
    /// <param name="onEpoch">Called after each finished epoch, before its checkpoint is written; false means stop.</param>
    TrialAttemptResult Run(TrialJob job, Func<EpochRecord, bool> onEpoch, CancellationToken ct);

    /// <summary>
    /// Runs several trials that share data, order, architecture and loss as one job. The default trains them one
    /// after another; an executor that can fuse them overrides this. Entry k of the result is member k's outcome.
    /// </summary>
    /// <param name="onEpoch">(member, epoch) after each of a member's epochs; false stops that member only.</param>
    IReadOnlyList<TrialAttemptResult> RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, bool> onEpoch, CancellationToken ct) =>
        [.. jobs.Select((job, k) => Run(job, e => onEpoch(k, e), ct))];
}
