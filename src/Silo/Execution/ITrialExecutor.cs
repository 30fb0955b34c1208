namespace SweepGrid.Silo.Execution;

/// <summary>
/// Runs one attempt of a trial synchronously on the calling (slot) thread. The real one trains with TorchSharp;
/// benchmarks plug in one whose epochs only wait, to measure the orchestration alone.
/// </summary>
public interface ITrialExecutor
{
    /// <param name="onEpoch">Called after each finished epoch, before its checkpoint is written; false means stop.</param>
    TrialAttemptResult Run(TrialJob job, Func<Contracts.Sweeps.EpochRecord, bool> onEpoch, CancellationToken ct);
}
