using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// What grains and slots call to publish metrics: one line at each event, no knowledge of instruments. Calls are
/// cheap (a dictionary write) and never throw into the caller's work.
/// </summary>
public sealed class MetricsRecorder(TrialMetricsRegistry registry, SweepGridInstruments instruments)
{
    /// <summary>A trial's state or epochs changed.</summary>
    public void Trial(string sweepId, TrialSummary info)
    {
        registry.SetTrial(sweepId, info);
        instruments.RenewIfNeeded();
    }

    public void TrialDeactivated(string sweepId, string trialId) => registry.TrialDeactivated(sweepId, trialId);

    /// <summary>A new epoch was stored (a repeated one is not).</summary>
    public void EpochStored(string sweepId, EpochRecord epoch)
    {
        registry.AddEpoch(sweepId);
        instruments.RecordEpochDuration(epoch.Seconds);
        instruments.RenewIfNeeded();
    }

    public void TrialEnded(string sweepId, TrialState outcome) => registry.AddFinished(sweepId, outcome);

    /// <param name="reason"><see cref="MetricNames.RetryAfterFailure"/> or <see cref="MetricNames.RetryAfterRequeue"/>.</param>
    public void TrialRetried(string sweepId, string reason) => registry.AddRetry(sweepId, reason);

    /// <summary>A slot of this silo trained one epoch over <paramref name="samples"/> samples.</summary>
    public void SamplesTrained(string sweepId, long samples)
    {
        registry.AddSamples(sweepId, samples);
        instruments.RenewIfNeeded();
    }

    /// <summary>The sweep's view of its trials changed: trials by state (every state) and the best test accuracy.</summary>
    public void Sweep(string sweepId, SweepState state, int totalTrials, ImmutableArray<(string State, int Count)> trials, double? bestTestAccuracy)
    {
        if (totalTrials == 0)
        {
            return;
        }
        registry.SetSweep(sweepId, state, trials, bestTestAccuracy);
        instruments.RenewIfNeeded();
    }

    public void SweepDeactivated(string sweepId) => registry.SweepDeactivated(sweepId);
}
