using System.Diagnostics.Metrics;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// The "SweepGrid" meter and its instruments. Everything per trial or per sweep is observable and read from
/// <see cref="TrialMetricsRegistry"/> at scrape time, so a series disappears when the registry drops it; only the
/// epoch-duration histogram is recorded as it happens, and it carries no labels because the SDK would keep a
/// synchronous instrument's label sets (and so every finished sweep) forever.
/// <para>
/// The instruments are created once, and replaced as a whole only when the registry says the SDK's per-instrument
/// slots are used up by series that are long gone (see <see cref="TrialMetricsRegistry.NeedsFreshInstruments"/>):
/// disposing the meter is the one way to make the SDK free them. Counters continue from the registry's totals;
/// the histogram restarts, which rate() treats as a counter reset.
/// </para>
/// </summary>
public sealed class SweepGridInstruments : IDisposable
{
    private readonly TrialMetricsRegistry _registry;
    private readonly SlotState _slots;
    private readonly Lock _lock = new();
    private Generation _current;

    public SweepGridInstruments(TrialMetricsRegistry registry, SlotState slots)
    {
        _registry = registry;
        _slots = slots;
        _current = Create();
    }

    public void RecordEpochDuration(double seconds) => Volatile.Read(ref _current).EpochDuration.Record(seconds);

    /// <summary>Replaces the instruments when the registry asks for it; cheap when it does not.</summary>
    public void RenewIfNeeded()
    {
        if (!_registry.NeedsFreshInstruments)
        {
            return;
        }
        lock (_lock)
        {
            if (!_registry.NeedsFreshInstruments)
            {
                return;
            }
            _registry.ResetAdded();
            // Dispose first: the SDK then retires the old streams before instruments of the same name appear again.
            _current.Meter.Dispose();
            Volatile.Write(ref _current, Create());
        }
    }

    public void Dispose() => _current.Meter.Dispose();

    private Generation Create()
    {
        var meter = new Meter(MetricNames.Meter);
        var r = _registry;
        meter.CreateObservableGauge(MetricNames.TrialLoss, () => r.Trials.Where(t => t.Last is not null).SelectMany(t => new[]
        {
            new Measurement<double>(t.Last!.TrainLoss, t.TrainTags),
            new Measurement<double>(t.Last.TestLoss, t.TestTags),
        }), "1", "Loss of the trial's last recorded epoch, on the train or test split");
        meter.CreateObservableGauge(MetricNames.TrialAccuracy, () => r.Trials.Where(t => t.Last is not null).SelectMany(t => new[]
        {
            new Measurement<double>(t.Last!.TrainAccuracy, t.TrainTags),
            new Measurement<double>(t.Last.TestAccuracy, t.TestTags),
        }), "1", "Accuracy (0-1) of the trial's last recorded epoch, on the train or test split");
        meter.CreateObservableGauge(MetricNames.TrialBestTestAccuracy, () => r.Trials.Where(t => t.BestTestAccuracy is not null)
            .Select(t => new Measurement<double>(t.BestTestAccuracy!.Value, t.Tags)), "1", "Best test accuracy over the trial's recorded epochs");
        meter.CreateObservableGauge(MetricNames.TrialEpoch, () => r.Trials.Select(t => new Measurement<int>(t.Epoch, t.Tags)),
            "{epoch}", "Epochs the trial has recorded (the last one finished)");
        meter.CreateObservableGauge(MetricNames.TrialStatus, () => r.Trials.Select(t => new Measurement<int>((int)t.State, t.Tags)),
            null, "Trial state code: 0 pending, 1 queued, 2 running, 3 completed, 4 diverged, 5 failed, 6 cancelled");

        meter.CreateObservableCounter(MetricNames.EpochsCompleted, () => r.SweepCounters.Select(c => new Measurement<long>(c.Read().Epochs, c.Tags)),
            "{epoch}", "Epochs recorded (each stored once) by trial grains on this silo");
        meter.CreateObservableCounter(MetricNames.SamplesTrained, () => r.SweepCounters.Select(c => new Measurement<long>(c.Read().Samples, c.Tags)),
            "{sample}", "Training samples processed by this silo's slots, repeated epochs of resumed trials included");
        meter.CreateObservableCounter(MetricNames.TrialsFinished, () => r.SweepCounters.SelectMany(c => c.Read().Finished.Select(f =>
            new Measurement<long>(f.Value, new(MetricNames.SweepLabel, c.SweepId), new(MetricNames.OutcomeLabel, f.Key)))),
            "{trial}", "Trials that reached a terminal state, by outcome");
        meter.CreateObservableCounter(MetricNames.TrialRetries, () => r.SweepCounters.SelectMany(c => c.Read().Retries.Select(f =>
            new Measurement<long>(f.Value, new(MetricNames.SweepLabel, c.SweepId), new(MetricNames.ReasonLabel, f.Key)))),
            "{attempt}", "Trial attempts started again: after a failed attempt (failure) or a lost or stopping silo (requeue)");

        meter.CreateObservableGauge(MetricNames.SweepTrials, () => r.Sweeps.SelectMany(s => s.Trials.Select(c =>
            new Measurement<int>(c.Count, new(MetricNames.SweepLabel, s.SweepId), new(MetricNames.StateLabel, c.State)))),
            "{trial}", "Trials of the sweep in each state");
        meter.CreateObservableGauge(MetricNames.SweepBestTestAccuracy, () => r.Sweeps.Where(s => s.BestTestAccuracy is not null)
            .Select(s => new Measurement<double>(s.BestTestAccuracy!.Value, new KeyValuePair<string, object?>(MetricNames.SweepLabel, s.SweepId))),
            "1", "Best test accuracy of any epoch of any trial of the sweep so far");

        meter.CreateObservableGauge(MetricNames.SlotsUsed, () => _slots.Running, "{slot}", "Trial slots of this silo that are training now");
        meter.CreateObservableGauge(MetricNames.SlotsTotal, () => _slots.Total, "{slot}", "Trial slots this silo declares");

        var duration = meter.CreateHistogram<double>(MetricNames.EpochDuration, "s", "Wall time of one epoch (training and test evaluation)");
        return new Generation(meter, duration);
    }

    private sealed record Generation(Meter Meter, Histogram<double> EpochDuration);
}
