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
            LeasedTrial? leased = null;
            try
            {
                var batch = scheduler.LeaseAsync(slots.Silo, 1).GetAwaiter().GetResult();
                leased = batch.IsDefaultOrEmpty ? null : batch[0];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SiloLog.SchedulerUnreachable(logger, slot, e.Message);
            }
            if (leased is null)
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
                // Reporting itself failed (e.g. the cluster is going away); the watchdog requeues the trial.
                SiloLog.SlotJobFailed(logger, e, slot, leased.Trial.Key);
            }
        }
    }

    private T Retry<T>(Func<Task<T>> call, string what, CancellationToken ct) => GrainCallRetry.Run(call, what, logger, _o.LeaseTimeout, ct);

    private void Retry(Func<Task> call, string what, CancellationToken ct) => GrainCallRetry.Run(call, what, logger, _o.LeaseTimeout, ct);

    private void RunAttempt(LeasedTrial leased, CancellationToken stopping)
    {
        var key = leased.Trial.Key;
        var trial = grains.GetGrain<ITrialGrain>(key);
        var lease = leased.LeaseId;
        var start = trial.BeginAsync(slots.Silo, lease, []).GetAwaiter().GetResult();
        if (start is null)
        {
            grains.GetGrain<ISchedulerGrain>(0).ReleaseAsync(leased.Trial.Key, lease).GetAwaiter().GetResult();
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var heartbeat = new Timer(_ =>
        {
            try
            {
                if (trial.HeartbeatAsync(lease).GetAwaiter().GetResult() == LeaseVerdict.Stop)
                {
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
            var job = new TrialJob(leased.Trial.SweepId, leased.Trial.TrialId, start.Spec, start.Point, start.RecordedEpochs);
            var result = executor.Run(job, e => Retry(() => trial.ReportEpochAsync(lease, e), $"epoch {e.Epoch} report of {key}", cts.Token) == LeaseVerdict.Continue, cts.Token);
            Retry(() => trial.FinishAsync(lease, result.State, result.Message), $"finish of {key}", stopping);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested)
            {
                // Graceful shutdown: hand the trial back now rather than waiting for the watchdog.
                trial.RequeueAsync(lease, "silo stopping").GetAwaiter().GetResult();
            }
            else
            {
                Retry(() => trial.FinishAsync(lease, TrialState.Cancelled, "cancelled"), $"cancel of {key}", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Retry(() => trial.FailAttemptAsync(lease, $"{e.GetType().Name}: {e.Message}"), $"failure report of {key}", stopping);
        }
        finally
        {
            slots.Exit();
        }
    }
}
