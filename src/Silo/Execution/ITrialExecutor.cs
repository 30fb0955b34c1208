using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Runs one attempt of a trial — or of a group of fusible trials — synchronously on the calling (slot) thread.
/// The real one trains with TorchSharp; benchmarks plug in one whose epochs only wait, to measure the
/// orchestration alone.
/// </summary>
public interface ITrialExecutor
{
    /// <param name="onEpoch">
    /// Called after each finished epoch, before its checkpoint is written. Continue: go on. Stop: the epoch is stored;
    /// checkpoint it, then stop. Refused: the epoch is not stored; stop without checkpointing it (a checkpoint must
    /// never be ahead of the stored epochs).
    /// </param>
    TrialAttemptResult Run(TrialJob job, Func<EpochRecord, LeaseVerdict> onEpoch, CancellationToken ct);

    /// <summary>
    /// Runs several trials that share data, order, architecture and loss as one job. The default trains them one
    /// after another; an executor that can fuse them overrides this. A member's fault touches only that member.
    /// </summary>
    /// <param name="onEpoch">(member, epoch) after each of a member's epochs; a verdict other than Continue stops that member only.</param>
    /// <param name="onEnd">(member, result) as soon as a member ends, so its outcome is stored while the others go on.</param>
    void RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, LeaseVerdict> onEpoch, Action<int, TrialAttemptResult> onEnd, CancellationToken ct)
    {
        for (var k = 0; k < jobs.Count; k++)
        {
            var member = k;
            TrialAttemptResult result;
            try
            {
                result = Run(jobs[k], e => onEpoch(member, e), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = TrialAttemptResult.From(e);
            }
            onEnd(k, result);
        }
    }
}
