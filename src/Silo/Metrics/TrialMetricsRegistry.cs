using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// This silo's latest metric values, read by the observable instruments of <see cref="SweepGridInstruments"/> at
/// every scrape and written by grains and slots through <see cref="MetricsRecorder"/>.
/// <para>
/// Retention rule (<see cref="SweepGridSiloOptions.MetricsRetention"/>, default 15 min): a trial's series (loss,
/// accuracy, best test accuracy, epoch, status) are dropped that long after this silo saw the trial reach a
/// terminal state (completed, diverged, failed, cancelled); a sweep's gauges (trials by state, best test accuracy)
/// that long after it completed or was cancelled; a sweep's counters (epochs, samples, finished, retries) once
/// nothing of the sweep is left here and they have not moved for that long. A trial or sweep whose grain is
/// deactivated before it ends is dropped at once, because its next activation (possibly on another silo)
/// publishes it again. Dropped series stop appearing on /metrics, which Prometheus marks stale.
/// </para>
/// </summary>
public sealed class TrialMetricsRegistry(TimeProvider clock, IOptions<SweepGridSiloOptions> options)
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TrialSeries> _trials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SweepSeries> _sweeps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SweepCounters> _counters = new(StringComparer.Ordinal);
    private readonly TimeSpan _retention = options.Value.MetricsRetention;
    private readonly int _trialLimit = options.Value.MetricsTrialLimit;
    private int _trialsAdded;
    private int _sweepsAdded;
    private long _nextPruneTicks;

    /// <summary>Trials with series on this silo now.</summary>
    public int TrialCount => _trials.Count;

    /// <summary>Sweeps with gauges or counters on this silo now.</summary>
    public int SweepCount => _sweeps.Keys.Union(_counters.Keys).Count();

    /// <summary>Publishes a trial's latest state and epoch (replacing what was there).</summary>
    public void SetTrial(string sweepId, TrialSummary info)
    {
        var now = clock.GetUtcNow();
        var added = false;
        _trials.AddOrUpdate(TrialIds.GrainKey(sweepId, info.TrialId),
            _ =>
            {
                added = true;
                return new TrialSeries(sweepId, info, info.State.IsTerminal() ? now : null);
            },
            (_, old) => new TrialSeries(sweepId, info, info.State.IsTerminal() ? old.EndedAt ?? now : null));
        if (added)
        {
            Interlocked.Increment(ref _trialsAdded);
        }
    }

    /// <summary>The trial's grain left this silo: an unfinished trial is dropped (its next activation republishes it).</summary>
    public void TrialDeactivated(string sweepId, string trialId)
    {
        var key = TrialIds.GrainKey(sweepId, trialId);
        if (_trials.TryGetValue(key, out var t) && t.EndedAt is null)
        {
            _trials.TryRemove(KeyValuePair.Create(key, t));
        }
    }

    /// <summary>Publishes a sweep's trial counts by state (every state, zeros included) and best test accuracy.</summary>
    public void SetSweep(string sweepId, SweepState state, ImmutableArray<(string State, int Count)> counts, double? best)
    {
        var now = clock.GetUtcNow();
        var running = state == SweepState.Running;
        var added = false;
        _sweeps.AddOrUpdate(sweepId,
            _ =>
            {
                added = true;
                return new SweepSeries(sweepId, state, counts, best, running ? null : now);
            },
            (_, old) => new SweepSeries(sweepId, state, counts, best, running ? null : old.FinishedAt ?? now));
        if (added && !_counters.ContainsKey(sweepId))
        {
            Interlocked.Increment(ref _sweepsAdded);
        }
    }

    /// <summary>The sweep's grain left this silo: a running sweep's gauges are dropped (its next activation republishes them).</summary>
    public void SweepDeactivated(string sweepId)
    {
        if (_sweeps.TryGetValue(sweepId, out var s) && s.FinishedAt is null)
        {
            _sweeps.TryRemove(KeyValuePair.Create(sweepId, s));
        }
    }

    public void AddEpoch(string sweepId) => Counters(sweepId).AddEpoch(clock.GetUtcNow());

    public void AddSamples(string sweepId, long samples) => Counters(sweepId).AddSamples(samples, clock.GetUtcNow());

    public void AddFinished(string sweepId, TrialState outcome) => Counters(sweepId).AddFinished(outcome.Name(), clock.GetUtcNow());

    public void AddRetry(string sweepId, string reason) => Counters(sweepId).AddRetry(reason, clock.GetUtcNow());

    /// <summary>Drops every series whose retention has passed (see the class remarks for the rule).</summary>
    public void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, t) in _trials)
        {
            if (t.EndedAt is { } ended && now - ended >= _retention)
            {
                _trials.TryRemove(KeyValuePair.Create(key, t));
            }
        }
        foreach (var (key, s) in _sweeps)
        {
            if (s.FinishedAt is { } finished && now - finished >= _retention)
            {
                _sweeps.TryRemove(KeyValuePair.Create(key, s));
            }
        }
        var present = _trials.Select(t => t.Value.SweepId).Concat(_sweeps.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, c) in _counters)
        {
            if (!present.Contains(key) && now - c.LastActivity >= _retention)
            {
                _counters.TryRemove(KeyValuePair.Create(key, c));
            }
        }
    }

    internal IEnumerable<TrialSeries> Trials
    {
        get
        {
            PruneIfDue();
            foreach (var (_, t) in _trials)
            {
                yield return t;
            }
        }
    }

    internal IEnumerable<SweepSeries> Sweeps
    {
        get
        {
            PruneIfDue();
            foreach (var (_, s) in _sweeps)
            {
                yield return s;
            }
        }
    }

    internal IEnumerable<SweepCounters> SweepCounters
    {
        get
        {
            PruneIfDue();
            foreach (var (_, c) in _counters)
            {
                yield return c;
            }
        }
    }

    /// <summary>
    /// Trials one set of instruments has room for. The OpenTelemetry SDK keeps a slot for every label set it ever
    /// saw on an instrument, even after the series stops being reported, and past the instrument's cardinality
    /// limit new series collapse into one overflow series. Room for twice the live limit means that after a
    /// renewal, which starts from the trials live then, at least <see cref="SweepGridSiloOptions.MetricsTrialLimit"/>
    /// more trials pass before the next one: renewals stay rare instead of following every new trial.
    /// </summary>
    internal int TrialCapacity => 2 * _trialLimit;

    /// <summary>Sweeps one set of instruments has room for (a sweep has up to seven series per instrument).</summary>
    internal int SweepCapacity => Math.Max(2, _trialLimit / 2);

    /// <summary>
    /// The instruments' room is used up by series that are mostly gone: replace them (see
    /// <see cref="SweepGridInstruments"/>). Not while more than the limit is live; a renewal would not help then.
    /// </summary>
    internal bool NeedsFreshInstruments =>
        (Volatile.Read(ref _trialsAdded) >= TrialCapacity && _trials.Count <= _trialLimit)
        || (Volatile.Read(ref _sweepsAdded) >= SweepCapacity && SweepCount <= SweepCapacity / 2);

    /// <summary>Fresh instruments see only what is live now.</summary>
    internal void ResetAdded()
    {
        Volatile.Write(ref _trialsAdded, _trials.Count);
        Volatile.Write(ref _sweepsAdded, SweepCount);
    }

    private SweepCounters Counters(string sweepId)
    {
        if (_counters.TryGetValue(sweepId, out var c))
        {
            return c;
        }
        var added = new SweepCounters(sweepId, clock.GetUtcNow());
        var actual = _counters.GetOrAdd(sweepId, added);
        if (ReferenceEquals(actual, added) && !_sweeps.ContainsKey(sweepId))
        {
            Interlocked.Increment(ref _sweepsAdded);
        }
        return actual;
    }

    private void PruneIfDue()
    {
        var now = clock.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now >= due && Interlocked.CompareExchange(ref _nextPruneTicks, now + PruneInterval.Ticks, due) == due)
        {
            Prune();
        }
    }
}
