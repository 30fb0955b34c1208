using System.Collections.Concurrent;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Tests.Cluster;

/// <summary>Wraps the real executor: records every attempt and throws for trials whose weight decay is "poisoned".</summary>
internal sealed class RecordingExecutor(ITrialExecutor inner, ClusterRecorder recorder) : ITrialExecutor
{
    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, bool> onEpoch, CancellationToken ct)
    {
        recorder.Attempts.Enqueue(job.TrialId);
        if (recorder.Poisoned.Contains(job.Point.WeightDecay))
        {
            throw new InvalidOperationException($"poisoned weight decay {job.Point.WeightDecay}");
        }
        return inner.Run(job, onEpoch, ct);
    }
}

/// <summary>Shared across the silos of one test cluster.</summary>
internal sealed class ClusterRecorder
{
    public ConcurrentQueue<string> Attempts { get; } = new();
    public ConcurrentBag<double> Poisoned { get; } = [];
}
