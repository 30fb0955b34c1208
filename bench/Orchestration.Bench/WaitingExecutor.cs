using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Bench.Orchestration;

/// <summary>A trainer stand-in whose epochs only wait: isolates the orchestration's own cost.</summary>
internal sealed class WaitingExecutor(TimeSpan epoch) : ITrialExecutor
{
    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, LeaseVerdict> onEpoch, CancellationToken ct)
    {
        for (var e = job.RecordedEpochs + 1; e <= job.Spec.Epochs; e++)
        {
            if (ct.WaitHandle.WaitOne(epoch))
            {
                ct.ThrowIfCancellationRequested();
            }
            if (onEpoch(new EpochRecord(e, 1, 0.5, 1, 0.5, epoch.TotalSeconds, 0)) is var verdict && verdict != LeaseVerdict.Continue)
            {
                return TrialAttemptResult.After(verdict);
            }
        }
        return TrialAttemptResult.Completed;
    }
}
