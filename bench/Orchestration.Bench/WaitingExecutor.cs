using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Bench.Orchestration;

/// <summary>
/// A trainer stand-in whose epochs only wait: isolates the orchestration's own cost. A sweep whose name ends in
/// <see cref="FastSuffix"/> waits <see cref="FastEpoch"/> per epoch instead (the cluster bench's storage phase).
/// </summary>
internal sealed class WaitingExecutor(TimeSpan epoch) : ITrialExecutor
{
    public const string FastSuffix = "-fast";
    public static readonly TimeSpan FastEpoch = TimeSpan.FromMilliseconds(100);

    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, LeaseVerdict> onEpoch, CancellationToken ct)
    {
        var epoch1 = job.SweepId.EndsWith(FastSuffix, StringComparison.Ordinal) ? FastEpoch : epoch;
        for (var e = job.RecordedEpochs + 1; e <= job.Spec.Epochs; e++)
        {
            if (ct.WaitHandle.WaitOne(epoch1))
            {
                ct.ThrowIfCancellationRequested();
            }
            if (onEpoch(new EpochRecord(e, 1, 0.5, 1, 0.5, epoch1.TotalSeconds, 0)) is var verdict && verdict != LeaseVerdict.Continue)
            {
                return TrialAttemptResult.After(verdict);
            }
        }
        return TrialAttemptResult.Completed;
    }
}
