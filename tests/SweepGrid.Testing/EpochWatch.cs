using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// Watches a sweep in the background and notes when each epoch of each trial was first seen recorded, and on
/// which silo its trial then ran: what recovery times are measured from. Precision is the poll interval
/// (plus any time a trial grain is unreachable), so a recovery time is an upper bound.
/// </summary>
public sealed class EpochWatch : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly Func<Task<SweepInfo?>> _read;
    private readonly Dictionary<(string Trial, int Epoch), EpochSighting> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private SweepInfo? _latest;
    private DateTime _lastNewEpoch = DateTime.UtcNow;

    private EpochWatch(Func<Task<SweepInfo?>> read)
    {
        _read = read;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Starts polling <paramref name="read"/> (e.g. a <see cref="StoredTrialReader"/>).</summary>
    public static EpochWatch Start(Func<Task<SweepInfo?>> read) => new(read);

    /// <summary>The last sweep read successfully.</summary>
    public SweepInfo? Latest
    {
        get
        {
            lock (_seen)
            {
                return _latest;
            }
        }
    }

    /// <summary>Epochs seen so far over all trials.</summary>
    public int EpochsSeen
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>How long since an epoch was last seen for the first time (or since the watch started): a stall when large.</summary>
    public TimeSpan SinceLastNewEpoch
    {
        get
        {
            lock (_seen)
            {
                return DateTime.UtcNow - _lastNewEpoch;
            }
        }
    }

    /// <summary>Reads the sweep now (not waiting for the next poll) and records what it shows.</summary>
    public async Task<SweepInfo?> RefreshAsync()
    {
        var sweep = await _read();
        Record(sweep);
        return sweep;
    }

    /// <summary>The earliest sighting after <paramref name="after"/> that <paramref name="match"/> accepts, if any yet.</summary>
    public EpochSighting? FirstAfter(DateTime after, Func<EpochSighting, bool> match)
    {
        lock (_seen)
        {
            return _seen.Values.Where(s => s.SeenAt > after && match(s)).OrderBy(s => s.SeenAt).FirstOrDefault();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for the next poll.
        }
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The sweep grain is moving, the database is down or the client reconnects: the next poll tries again.
            }
            await Task.Delay(Poll, _stop.Token);
        }
    }

    private void Record(SweepInfo? sweep)
    {
        if (sweep is null)
        {
            return;
        }
        var now = DateTime.UtcNow;
        lock (_seen)
        {
            _latest = sweep;
            foreach (var t in sweep.Trials)
            {
                foreach (var e in t.Epochs)
                {
                    if (_seen.TryAdd((t.TrialId, e.Epoch), new EpochSighting(t.TrialId, e.Epoch, t.Silo, now)))
                    {
                        _lastNewEpoch = now;
                    }
                }
            }
        }
    }
}
