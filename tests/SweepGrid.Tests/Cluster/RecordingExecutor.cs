using System.Collections.Concurrent;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Tests.Cluster;

/// <summary>
/// Wraps the real executor: records every attempt, throws for trials whose weight decay is "poisoned", and lets a
/// test act when a trial starts (e.g. kill its silo). Groups go to the real fused executor.
/// </summary>
internal sealed class RecordingExecutor(ITrialExecutor inner, ClusterRecorder recorder) : ITrialExecutor
{
    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, LeaseVerdict> onEpoch, CancellationToken ct)
    {
        Record(job);
        return inner.Run(job, onEpoch, ct);
    }

    public void RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, LeaseVerdict> onEpoch, Action<int, TrialAttemptResult> onEnd, CancellationToken ct)
    {
        recorder.Groups.Enqueue(jobs.Count);
        var healthy = new List<int>();
        for (var k = 0; k < jobs.Count; k++)
        {
            try
            {
                Record(jobs[k]);
                healthy.Add(k);
            }
            catch (InvalidOperationException e)
            {
                onEnd(k, TrialAttemptResult.From(e));
            }
        }
        if (healthy.Count == 0)
        {
            return;
        }
        inner.RunGroup([.. healthy.Select(k => jobs[k])], (i, e) => onEpoch(healthy[i], e), (i, r) => onEnd(healthy[i], r), ct);
    }

    private void Record(TrialJob job)
    {
        recorder.Attempts.Enqueue(job.TrialId);
        if (recorder.Poisoned.Contains(job.Point.WeightDecay))
        {
            throw new InvalidOperationException($"poisoned weight decay {job.Point.WeightDecay}");
        }
        recorder.OnStart?.Invoke(job);
    }
}

/// <summary>Shared across the silos of one test cluster.</summary>
internal sealed class ClusterRecorder
{
    public ConcurrentQueue<string> Attempts { get; } = new();
    public ConcurrentQueue<int> Groups { get; } = new();
    public ConcurrentBag<double> Poisoned { get; } = [];

    /// <summary>Runs on the slot thread as an attempt starts, before training.</summary>
    public Action<TrialJob>? OnStart { get; set; }
}
