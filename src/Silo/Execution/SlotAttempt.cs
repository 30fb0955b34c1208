using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// One running attempt's conversation with its members' trial grains: epoch reports, heartbeats and each member's
/// outcome, stored as soon as that member ends. Calls are retried through transient faults; a member whose grain stays
/// unreachable past the patience is stopped alone (no checkpoint of an unstored epoch), its partners go on.
/// </summary>
internal sealed class SlotAttempt(IReadOnlyList<SlotMember> members, TransientRetry retry, TransientRetry handBack, ILogger logger, CancellationTokenSource job)
{
    private readonly int[] _stop = new int[members.Count];
    private readonly int[] _ended = new int[members.Count];

    /// <summary>Reports member <paramref name="k"/>'s epoch; the verdict tells the executor whether it was stored.</summary>
    public LeaseVerdict Epoch(int k, EpochRecord e)
    {
        var m = members[k];
        LeaseVerdict verdict;
        try
        {
            verdict = retry.Run(_ => m.Grain.ReportEpochAsync(m.Lease, e), $"epoch {e.Epoch} report of {m.Key}", job.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !job.IsCancellationRequested)
        {
            // Not known to be stored: must not be checkpointed. The trial's stored state decides what happens next.
            SiloLog.ReportFailed(logger, m.Key, e.Epoch, TransientFaults.Describe(ex));
            verdict = LeaseVerdict.Refused;
        }
        if (verdict == LeaseVerdict.Continue && Volatile.Read(ref _stop[k]) == 1)
        {
            verdict = LeaseVerdict.Stop;
        }
        if (verdict != LeaseVerdict.Continue)
        {
            Volatile.Write(ref _stop[k], 1);
        }
        return verdict;
    }

    /// <summary>Member <paramref name="k"/> ended: tell its grain now (once), whatever its partners do.</summary>
    public void Ended(int k, TrialAttemptResult result)
    {
        if (Interlocked.Exchange(ref _ended[k], 1) == 1)
        {
            return;
        }
        Volatile.Write(ref _stop[k], 1);
        var m = members[k];
        try
        {
            switch (result.End)
            {
                case AttemptEnd.Completed:
                    retry.Run(_ => m.Grain.FinishAsync(m.Lease, TrialState.Completed, null), $"finish of {m.Key}", CancellationToken.None);
                    break;
                case AttemptEnd.Diverged:
                    retry.Run(_ => m.Grain.FinishAsync(m.Lease, TrialState.Diverged, result.Message), $"finish of {m.Key}", CancellationToken.None);
                    break;
                case AttemptEnd.Cancelled:
                    retry.Run(_ => m.Grain.FinishAsync(m.Lease, TrialState.Cancelled, result.Message), $"cancel of {m.Key}", CancellationToken.None);
                    break;
                case AttemptEnd.Failed:
                    retry.Run(_ => m.Grain.FailAttemptAsync(m.Lease, result.Message ?? "failed"), $"failure report of {m.Key}", CancellationToken.None);
                    break;
                case AttemptEnd.HandBack:
                case AttemptEnd.LeaseLost:
                    // A refused report may mean the lease moved on (then this is ignored) or that the grain was
                    // unreachable (then this hands the trial back at once instead of after the lease timeout).
                    // Briefly: at shutdown there is no time to wait, and a trial not handed back is requeued anyway.
                    handBack.Run(_ => m.Grain.RequeueAsync(m.Lease, RequeueCause.HandBack, result.Message ?? "handed back"), $"hand-back of {m.Key}", CancellationToken.None);
                    break;
            }
        }
        catch (Exception e)
        {
            // The grain still holds this lease in its stored state; its lease timeout or the watchdog requeues it.
            SiloLog.OutcomeNotStored(logger, m.Key, result.End.ToString(), TransientFaults.Describe(e));
        }
        if (_ended.All(f => f == 1))
        {
            return;
        }
        if (_stop.All(f => f == 1))
        {
            job.Cancel();
        }
    }

    /// <summary>Every member that has not ended yet ends with <paramref name="result"/>.</summary>
    public void EndRest(TrialAttemptResult result)
    {
        for (var k = 0; k < members.Count; k++)
        {
            Ended(k, result);
        }
    }

    /// <summary>Timer callback: keeps every lease alive and learns of cancels. Must never throw.</summary>
    public void Heartbeat()
    {
        try
        {
            for (var k = 0; k < members.Count; k++)
            {
                if (Volatile.Read(ref _stop[k]) == 0 && members[k].Grain.HeartbeatAsync(members[k].Lease).GetAwaiter().GetResult() != LeaseVerdict.Continue)
                {
                    Volatile.Write(ref _stop[k], 1);
                }
            }
            if (_stop.All(f => f == 1))
            {
                // Everyone in the job was cancelled: stop between batches instead of at the epoch's end.
                job.Cancel();
            }
        }
        catch (Exception)
        {
            // A missed heartbeat is harmless (the next one or the next epoch report decides), and after the attempt
            // ended the token source may already be disposed.
        }
    }
}
