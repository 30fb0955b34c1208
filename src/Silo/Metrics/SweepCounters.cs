namespace SweepGrid.Silo.Metrics;

/// <summary>
/// Monotonic per-sweep totals on this silo, reported through observable counters. They live in the registry
/// rather than in synchronous OpenTelemetry counters so that a finished sweep's series can be dropped: the
/// SDK never forgets a label set recorded on a synchronous counter.
/// </summary>
internal sealed class SweepCounters(string sweepId, DateTimeOffset now)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _finished = [];
    private readonly Dictionary<string, long> _retries = [];
    private long _epochs;
    private long _samples;
    private DateTimeOffset _lastActivity = now;

    public string SweepId { get; } = sweepId;
    public KeyValuePair<string, object?>[] Tags { get; } = [new(MetricNames.SweepLabel, sweepId)];

    public DateTimeOffset LastActivity
    {
        get
        {
            lock (_lock)
            {
                return _lastActivity;
            }
        }
    }

    public void AddEpoch(DateTimeOffset now) => Update(now, () => _epochs++);

    public void AddSamples(long samples, DateTimeOffset now) => Update(now, () => _samples += samples);

    public void AddFinished(string outcome, DateTimeOffset now) => Update(now, () => _finished[outcome] = _finished.GetValueOrDefault(outcome) + 1);

    public void AddRetry(string reason, DateTimeOffset now) => Update(now, () => _retries[reason] = _retries.GetValueOrDefault(reason) + 1);

    public (long Epochs, long Samples, KeyValuePair<string, long>[] Finished, KeyValuePair<string, long>[] Retries) Read()
    {
        lock (_lock)
        {
            return (_epochs, _samples, [.. _finished], [.. _retries]);
        }
    }

    private void Update(DateTimeOffset now, Action change)
    {
        lock (_lock)
        {
            change();
            _lastActivity = now;
        }
    }
}
