using System.Collections.Concurrent;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>
/// Faults a test arms for the silos of one in-process cluster (shared by every silo): storage writes that fail while a
/// given trial-grain method runs, lost lease answers, a lease requeued just before an epoch report, a failing start.
/// Each fault fires a bounded number of times and counts how often it did, so a test can tell it really happened.
/// </summary>
internal sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, int> _fired = new();
    private int _leaseAnswersToDrop;
    private DateTime _writeOutageEnds;

    /// <summary>The trial-grain method whose trial-state writes fail (e.g. "ReportEpochAsync"), once armed.</summary>
    public string? FailWritesIn { get; set; }

    /// <summary>Arms the write outage at the first matching write after arming; it lasts this long.</summary>
    public TimeSpan WriteOutage { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Only writes whose stored epochs reach this count fail (so the outage hits mid-trial).</summary>
    public int FailWritesFromEpoch { get; set; }

    /// <summary>Epoch before whose report the trial's live lease is requeued, once per trial.</summary>
    public int? RequeueBeforeEpoch { get; set; }

    /// <summary>Trial id whose start (BeginAsync) throws once.</summary>
    public string? FailBeginOf { get; set; }

    public void DropLeaseAnswers(int count) => Volatile.Write(ref _leaseAnswersToDrop, count);

    public int Fired(string fault) => _fired.TryGetValue(fault, out var n) ? n : 0;

    internal void Count(string fault) => _fired.AddOrUpdate(fault, 1, (_, n) => n + 1);

    internal bool TakeLeaseAnswer() => Interlocked.Decrement(ref _leaseAnswersToDrop) >= 0;

    internal bool TakeBeginFailure(string trialId)
    {
        if (FailBeginOf != trialId || _fired.ContainsKey("begin:" + trialId))
        {
            return false;
        }
        Count("begin:" + trialId);
        return true;
    }

    internal bool TakeRequeue(string trialKey, int epoch) =>
        RequeueBeforeEpoch == epoch && _fired.TryAdd("requeue:" + trialKey, 1);

    /// <summary>Whether a trial-state write made inside <paramref name="method"/> fails now.</summary>
    internal bool WriteFails(string? method, int epochs)
    {
        if (method is null || method != FailWritesIn || epochs < FailWritesFromEpoch)
        {
            return false;
        }
        lock (_fired)
        {
            if (_writeOutageEnds == default)
            {
                _writeOutageEnds = DateTime.UtcNow + WriteOutage;
            }
        }
        if (DateTime.UtcNow >= _writeOutageEnds)
        {
            return false;
        }
        Count("write:" + method);
        return true;
    }
}
