using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Runs this silo's slots: one dedicated thread per slot pulls trials from the scheduler and trains them off
/// the grain scheduler, reporting every epoch to the trial grain through its lease. A silo never runs more
/// trials at once than it has slots because each slot thread runs one job at a time.
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
                // Reporting itself failed (e.g. the cluster is going away); the watchdog requeues the trials.
                SiloLog.SlotJobFailed(logger, e, slot, string.Join(",", leased.Select(l => l.Trial.Key)));
            }
        }
    }

    private T Retry<T>(Func<Task<T>> call, string what, CancellationToken ct) => GrainCallRetry.Run(call, what, logger, _o.LeaseTimeout, ct);

    private void Retry(Func<Task> call, string what, CancellationToken ct) => GrainCallRetry.Run(call, what, logger, _o.LeaseTimeout, ct);

    /// <summary>
    /// One attempt of one trial, or of a fused group (trials the scheduler found compatible): one slot, one job.
    /// Each member keeps its own lease, reports, outcome and checkpoints.
    /// </summary>
    private void RunAttempt(ImmutableArray<LeasedTrial> leased, CancellationToken stopping)
    {
        var members = Begin(leased);
        if (members.Count == 0)
        {
            return;
        }
        var stop = new int[members.Count];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var heartbeat = new Timer(_ =>
        {
            try
            {
                for (var k = 0; k < members.Count; k++)
                {
                    if (Volatile.Read(ref stop[k]) == 0 && members[k].Grain.HeartbeatAsync(members[k].Lease).GetAwaiter().GetResult() == LeaseVerdict.Stop)
                    {
                        Volatile.Write(ref stop[k], 1);
                    }
                }
                if (stop.All(f => f == 1))
                {
                    // Everyone in the job was cancelled: stop between batches instead of at the epoch's end.
                    cts.Cancel();
                }
            }
            catch (Exception)
            {
                // A timer callback must never throw. A missed heartbeat is harmless (the next one or the next
                // epoch report decides), and after the attempt ended the token source may already be disposed.
            }
        }, null, _o.HeartbeatInterval, _o.HeartbeatInterval);
        slots.Enter();
        try
        {
            var jobs = members.Select(m => new TrialJob(m.Leased.Trial.SweepId, m.Leased.Trial.TrialId, m.Start.Spec, m.Start.Point, m.Start.RecordedEpochs)).ToList();
            bool Report(int k, EpochRecord e) =>
                Retry(() => members[k].Grain.ReportEpochAsync(members[k].Lease, e), $"epoch {e.Epoch} report of {members[k].Key}", cts.Token) == LeaseVerdict.Continue
                && Volatile.Read(ref stop[k]) == 0;
            var results = members.Count == 1
                ? [executor.Run(jobs[0], e => Report(0, e), cts.Token)]
                : executor.RunGroup(jobs, Report, cts.Token);
            for (var k = 0; k < members.Count; k++)
            {
                var (m, r) = (members[k], results[k]);
                Retry(() => m.Grain.FinishAsync(m.Lease, r.State, r.Message), $"finish of {m.Key}", stopping);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            foreach (var m in members)
            {
                if (stopping.IsCancellationRequested)
                {
                    // Graceful shutdown: hand the trial back now rather than waiting for the watchdog.
                    m.Grain.RequeueAsync(m.Lease, "silo stopping").GetAwaiter().GetResult();
                }
                else
                {
                    Retry(() => m.Grain.FinishAsync(m.Lease, TrialState.Cancelled, "cancelled"), $"cancel of {m.Key}", CancellationToken.None);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var m in members)
            {
                Retry(() => m.Grain.FailAttemptAsync(m.Lease, $"{e.GetType().Name}: {e.Message}"), $"failure report of {m.Key}", stopping);
            }
        }
        finally
        {
            slots.Exit();
        }
    }

    private List<Member> Begin(ImmutableArray<LeasedTrial> leased)
    {
        var members = new List<Member>();
        foreach (var l in leased)
        {
            var grain = grains.GetGrain<ITrialGrain>(l.Trial.Key);
            ImmutableArray<string> fusedWith = leased.Length > 1 ? [.. leased.Where(o => o != l).Select(o => o.Trial.TrialId)] : [];
            var start = Retry(() => grain.BeginAsync(slots.Silo, l.LeaseId, fusedWith), $"start of {l.Trial.Key}", CancellationToken.None);
            if (start is null)
            {
                grains.GetGrain<ISchedulerGrain>(0).ReleaseAsync(l.Trial.Key, l.LeaseId).GetAwaiter().GetResult();
                continue;
            }
            members.Add(new Member(l, grain, start));
        }
        return members;
    }

    private sealed record Member(LeasedTrial Leased, ITrialGrain Grain, TrialLease Start)
    {
        public Guid Lease => Leased.LeaseId;
        public string Key => Leased.Trial.Key;
    }
}
