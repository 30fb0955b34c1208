using System.Collections.Immutable;
using Orleans.Concurrency;

namespace SweepGrid.Contracts.Grains;

/// <summary>
/// The cluster's trial queue (a single grain, key 0). Silos with slots pull work from it; it watches running
/// trials and queues them again when their silo dies. Its state is soft: rebuilt from sweeps and trials.
/// </summary>
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The trial's stored state says queued: adds it to the queue (idempotent); <paramref name="front"/> for resumes. A
    /// running entry for it is dropped as stale (its lease was lost) unless it was handed out moments ago and its slot
    /// may still be starting it.
    /// </summary>
    Task EnqueueAsync(QueuedTrial trial, bool front);

    /// <summary>Many <see cref="EnqueueAsync"/> calls in one: <paramref name="back"/> in order at the back, then <paramref name="front"/> each at the front.</summary>
    Task EnqueueManyAsync(ImmutableArray<QueuedTrial> back, ImmutableArray<QueuedTrial> front);

    /// <summary>Notes a trial that is running on <paramref name="silo"/> under <paramref name="leaseId"/>.</summary>
    Task TrackRunningAsync(QueuedTrial trial, string silo, Guid leaseId);

    /// <summary>
    /// Hands up to <paramref name="maxGroup"/> compatible queued trials (same fuse key) to a free slot of
    /// <paramref name="silo"/>; empty when nothing waits.
    /// </summary>
    Task<ImmutableArray<LeasedTrial>> LeaseAsync(string silo, int maxGroup);

    /// <summary>The trial is no longer running (finished, failed, requeued).</summary>
    Task ReleaseAsync(string trialKey, Guid leaseId);

    /// <summary>The trial is finished: forget it whether queued or running.</summary>
    Task ForgetAsync(string trialKey);

    /// <summary>Trials of the sweep queued or running here now: reconciliation compares it with the sweep's own count.</summary>
    Task<int> CountSweepAsync(string sweepId);

    /// <summary>Drops a sweep's queued trials.</summary>
    Task RemoveSweepAsync(string sweepId);

    [ReadOnly]
    Task<SchedulerSnapshot> GetSnapshotAsync();
}
