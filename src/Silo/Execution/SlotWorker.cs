using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Runs this silo's slots: one dedicated thread per slot pulls trials from the scheduler and trains them off
/// the grain scheduler, reporting every epoch to the trial grain through its lease. A silo never runs more
/// trials at once than it has slots because each slot thread runs one job at a time.
/// Every grain call is retried through transient faults; none of them is ever reported as the trial's failure.
/// </summary>
public sealed class SlotWorker(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    ITrialExecutor executor,
    SlotState slots,
    IOptions<SweepGridSiloOptions> options,
    ILogger<SlotWorker> logger) : BackgroundService
{
    private readonly SweepGridSiloOptions _o = options.Value;
    private readonly TransientRetry _retry = new(options.Value.TransientRetryTimeout, logger);
    private readonly TransientRetry _handBack = new(TimeSpan.FromSeconds(5), logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        slots.Silo = silo.SiloAddress.ToParsableString();
        if (slots.Total == 0)
        {
            return Task.CompletedTask;
        }
        var threads = Enumerable.Range(0, slots.Total).Select(i =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var t = new Thread(() =>
            {
                try
                {
                    SlotLoop(i, stoppingToken);
                }
                finally
                {
                    done.SetResult();
                }
            })
            { IsBackground = true, Name = $"sweepgrid-slot-{i}" };
            t.Start();
            return done.Task;
        }).ToList();
        return Task.WhenAll(threads);
    }

    private void SlotLoop(int slot, CancellationToken stopping)
    {
        var scheduler = grains.GetGrain<ISchedulerGrain>(0);
        while (!stopping.IsCancellationRequested)
        {
            ImmutableArray<LeasedTrial> leased = [];
            try
            {
                leased = scheduler.LeaseAsync(slots.Silo, _o.MaxFuse).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A lease whose answer was lost is found by the scheduler's reconciliation and queued again.
                SiloLog.SchedulerUnreachable(logger, slot, e.Message);
            }
            if (leased.IsDefaultOrEmpty)
            {
                stopping.WaitHandle.WaitOne(_o.IdlePollInterval);
                continue;
            }
            try
            {
                RunAttempt(leased, stopping);
            }
            catch (Exception e)
            {
                // Nothing is lost: each trial's stored state says where it stands and reconciliation acts on it.
                SiloLog.SlotJobFailed(logger, e, slot, string.Join(",", leased.Select(l => l.Trial.Key)));
            }
        }
    }

    /// <summary>
    /// One attempt of one trial, or of a fused group (trials the scheduler found compatible): one slot, one job.
    /// Each member keeps its own lease, reports, outcome and checkpoints.
    /// </summary>
    private void RunAttempt(ImmutableArray<LeasedTrial> leased, CancellationToken stopping)
    {
        var members = Begin(leased, stopping);
        if (members.Count == 0)
        {
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var attempt = new SlotAttempt(members, _retry, _handBack, logger, cts);
        using var heartbeat = new Timer(_ => attempt.Heartbeat(), null, _o.HeartbeatInterval, _o.HeartbeatInterval);
        slots.Enter();
        try
        {
            var jobs = members.Select(m => new TrialJob(m.Leased.Trial.SweepId, m.Leased.Trial.TrialId, m.Start.Spec, m.Start.Point, m.Start.RecordedEpochs)).ToList();
            if (members.Count == 1)
            {
                attempt.Ended(0, executor.Run(jobs[0], e => attempt.Epoch(0, e), cts.Token));
            }
            else
            {
                executor.RunGroup(jobs, attempt.Epoch, attempt.Ended, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Graceful shutdown: hand the trials back now rather than waiting for the watchdog.
            attempt.EndRest(stopping.IsCancellationRequested
                ? new TrialAttemptResult(AttemptEnd.HandBack, "silo stopping")
                : TrialAttemptResult.Stopped);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            attempt.EndRest(TrialAttemptResult.From(e));
        }
        finally
        {
            slots.Exit();
        }
    }

    private List<SlotMember> Begin(ImmutableArray<LeasedTrial> leased, CancellationToken stopping)
    {
        var members = new List<SlotMember>();
        foreach (var l in leased)
        {
            var grain = grains.GetGrain<ITrialGrain>(l.Trial.Key);
            ImmutableArray<string> fusedWith = leased.Length > 1 ? [.. leased.Where(o => o != l).Select(o => o.Trial.TrialId)] : [];
            TrialLease? start = null;
            try
            {
                start = _retry.Run(_ => grain.BeginAsync(slots.Silo, l.LeaseId, fusedWith), $"start of {l.Trial.Key}", stopping);
            }
            catch (Exception e)
            {
                // This member only: its stored state still says queued (or running under this lease, which expires),
                // and reconciliation queues it again. Its partners start without it.
                SiloLog.BeginFailed(logger, l.Trial.Key, TransientFaults.Describe(e));
            }
            if (start is null)
            {
                try
                {
                    grains.GetGrain<ISchedulerGrain>(0).ReleaseAsync(l.Trial.Key, l.LeaseId).GetAwaiter().GetResult();
                }
                catch (Exception e) when (TransientFaults.Is(e))
                {
                    // The lease entry goes stale and reconciliation drops it.
                }
                continue;
            }
            members.Add(new SlotMember(l, grain, start));
        }
        return members;
    }
}
