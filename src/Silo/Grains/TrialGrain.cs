using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Options;
using SweepGrid.Silo.Placement;
using SweepGrid.Silo.Storage;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// Owns one trial's durable state, which is the truth about the trial (see <see cref="ITrialGrain"/> for the lease
/// protocol). Every change is made on a copy that becomes current only once storage holds it: a failed write leaves
/// the grain exactly as storage has it, and the activation re-reads storage before it serves again. Calls that
/// interleave with a write in flight (heartbeats, reads) see only the stored state.
/// </summary>
[SlotSiloPlacement]
public sealed partial class TrialGrain(
    [PersistentState("trial", StorageNames.Default)] IPersistentState<TrialGrainState> state,
    IEpochStore epochs,
    IOptions<SweepGridSiloOptions> options,
    TimeProvider clock,
    MetricsRecorder metrics,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    private DateTimeOffset _lastContact;
    private IGrainTimer? _leaseWatch;
    private TrialGrainState? _stored;

    private TrialGrainState S => state.State;

    /// <summary>What storage holds: never changed in place, replaced after each successful write.</summary>
    private TrialGrainState Stored => _stored ??= state.State;

    private (string SweepId, string TrialId) Key => TrialIds.ParseGrainKey(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MoveLegacyEpochsAsync(cancellationToken);
        if (S.State == TrialState.Running)
        {
            // Reactivated (e.g. its previous silo died): give the slot a full lease period to reach us again.
            WatchLease();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.TrialDeactivated(Key.SweepId, Key.TrialId);
        return Task.CompletedTask;
    }

    public async Task<TrialSummary> EnsureQueuedAsync(SweepSpec spec, TrialPoint point)
    {
        await OpenAsync(spec, point);
        var info = await ResyncAsync() ?? Info();
        Notify(info);
        return info;
    }

    public async Task<TrialReady> PrepareAsync(SweepSpec spec, TrialPoint point)
    {
        await OpenAsync(spec, point);
        if (S.State == TrialState.Queued)
        {
            return new TrialReady(Info(), Queued(), Front: S.EpochCount > 0);
        }
        return new TrialReady(await ResyncAsync() ?? Info(), null, false);
    }

    /// <summary>Creates the trial, or reopens it when cancelled earlier (it keeps its epochs and resumes).</summary>
    private async Task OpenAsync(SweepSpec spec, TrialPoint point)
    {
        if (S.Spec is null || (S.State == TrialState.Cancelled && S.StopAt is null))
        {
            // New, or cancelled earlier and submitted again: queue it (a cancelled trial keeps its epochs and resumes).
            await CommitAsync(s =>
            {
                s.Spec ??= spec;
                s.Point ??= point;
                s.State = TrialState.Queued;
                s.CancelRequested = false;
            });
        }
    }

    public async Task<TrialSummary?> ResyncAsync()
    {
        if (S.Spec is null)
        {
            return null;
        }
        if (S.State == TrialState.Queued)
        {
            await Scheduler.EnqueueAsync(Queued(), front: S.EpochCount > 0);
        }
        else if (S.State == TrialState.Running && S.LeaseId is { } lease && S.Silo is { } silo)
        {
            await Scheduler.TrackRunningAsync(Queued(), silo, lease);
        }
        else if (S.State.IsTerminal())
        {
            await Scheduler.ForgetAsync(this.GetPrimaryKeyString());
        }
        return Info();
    }

    public Task<TrialSummary?> GetAsync() => Task.FromResult(Stored.Spec is null ? null : Info(Stored));

    public async Task<ImmutableArray<EpochRecord>> GetEpochsAsync(int from, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(from, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        // Only counted epochs: an entry past the count is an epoch whose report never completed.
        var to = (int)Math.Min(Stored.EpochCount, (long)from + Math.Min(max, MaxEpochPage) - 1);
        return to < from ? [] : await epochs.ReadAsync(Key.SweepId, Key.TrialId, from, to, CancellationToken.None);
    }

    // Epochs one read returns at most, whatever the caller asks for.
    private const int MaxEpochPage = 1000;

    public async Task<TrialLease?> BeginAsync(string silo, Guid leaseId, ImmutableArray<string> fusedWith)
    {
        if (S.Spec is null || S.Point is null || S.State.IsTerminal())
        {
            return null;
        }
        if (S.LeaseId == leaseId && S.State == TrialState.Running)
        {
            // A retried start whose first answer was lost.
            return new TrialLease(S.Spec, S.Point, S.EpochCount);
        }
        if (S.CancelRequested)
        {
            await EndAsync(TrialState.Cancelled, "cancelled before it started");
            return null;
        }
        await CommitAsync(s =>
        {
            s.State = TrialState.Running;
            s.Silo = silo;
            s.LeaseId = leaseId;
            s.FusedWith = [.. fusedWith];
            s.AttemptStartEpochs = s.EpochCount;
        });
        WatchLease();
        SiloLog.TrialStarted(logger, this.GetPrimaryKeyString(), silo, S.EpochCount);
        Notify(Info());
        return new TrialLease(S.Spec, S.Point, S.EpochCount);
    }

    public async Task<LeaseVerdict> ReportEpochAsync(Guid leaseId, EpochRecord epoch)
    {
        if (S.State == TrialState.Completed && epoch.Epoch <= S.EpochCount)
        {
            // The report that completed the trial, retried because its answer was lost: it is stored.
            return LeaseVerdict.Stop;
        }
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return LeaseVerdict.Refused;
        }
        _lastContact = clock.GetUtcNow();
        var next = S.EpochCount + 1;
        if (epoch.Epoch > next)
        {
            SiloLog.EpochOutOfOrder(logger, this.GetPrimaryKeyString(), epoch.Epoch, S.EpochCount);
            return LeaseVerdict.Refused;
        }
        if (epoch.Epoch == next)
        {
            // The entry first, then the count that makes it the trial's: a failure between the two leaves an entry
            // nobody reads, which the retried report replaces.
            await epochs.AppendAsync(Key.SweepId, Key.TrialId, epoch, CancellationToken.None);
            if (epoch.Epoch >= S.Spec!.Epochs && S.StopAt is { } decided)
            {
                // Trained to the end while its stop was being decided (a rung's earlier trials were behind): the decision stands.
                await EndAsync(TrialState.Stopped, StopMessage(decided, S.StopReason), s =>
                {
                    s.Record(epoch);
                    s.SiloDeaths = 0;
                });
                metrics.EpochStored(Key.SweepId, epoch);
                return LeaseVerdict.Stop;
            }
            if (epoch.Epoch >= S.Spec!.Epochs)
            {
                // The last epoch (a diverged one is never reported): stored and completed in one write, so that the
                // attempt's closing call has nothing left to write and the slot moves on to its next trial sooner.
                await EndAsync(TrialState.Completed, null, s =>
                {
                    s.Record(epoch);
                    s.SiloDeaths = 0;
                });
                metrics.EpochStored(Key.SweepId, epoch);
                return LeaseVerdict.Continue;
            }
            await CommitAsync(s =>
            {
                s.Record(epoch);
                s.SiloDeaths = 0;
            });
            metrics.EpochStored(Key.SweepId, epoch);
            Notify(Info());
        }
        // epoch.Epoch < next: a resumed attempt repeating an epoch that is already stored; keep the first.
        return S.CancelRequested || S.StopAt is not null ? LeaseVerdict.Stop : LeaseVerdict.Continue;
    }

    public Task<LeaseVerdict> HeartbeatAsync(Guid leaseId)
    {
        var s = Stored;
        var current = s.LeaseId == leaseId && s.State == TrialState.Running;
        if (current)
        {
            _lastContact = clock.GetUtcNow();
        }
        return Task.FromResult(current && !s.CancelRequested && s.StopAt is null ? LeaseVerdict.Continue : LeaseVerdict.Stop);
    }

    public async Task FinishAsync(Guid leaseId, TrialState outcome, string? message)
    {
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return;
        }
        if (outcome is not (TrialState.Completed or TrialState.Diverged or TrialState.Cancelled))
        {
            throw new ArgumentException($"an attempt finishes as completed, diverged or cancelled, not {outcome}", nameof(outcome));
        }
        if (outcome == TrialState.Cancelled && S.StopAt is { } decided && !S.CancelRequested)
        {
            // The slot stopped it because early stopping said so.
            await EndAsync(TrialState.Stopped, StopMessage(decided, S.StopReason));
            return;
        }
        await EndAsync(outcome, message);
    }

    public async Task FailAttemptAsync(Guid leaseId, string error)
    {
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return;
        }
        var failures = S.Failures + 1;
        var max = S.Spec?.Resources.MaxFailures ?? 2;
        SiloLog.TrialAttemptFailed(logger, this.GetPrimaryKeyString(), failures, max, error);
        if (failures > max)
        {
            await EndAsync(TrialState.Failed, $"failed {failures} times; last error: {error}", s => s.Failures = failures);
            return;
        }
        await RequeueCoreAsync(leaseId, front: false, s =>
        {
            s.Failures = failures;
            s.Message = $"attempt {failures} failed: {error}";
        });
        metrics.TrialRetried(Key.SweepId, MetricNames.RetryAfterFailure);
    }

    public async Task RequeueAsync(Guid leaseId, RequeueCause cause, string reason)
    {
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return;
        }
        if (S.CancelRequested)
        {
            await EndAsync(TrialState.Cancelled, "cancelled");
            return;
        }
        if (S.StopAt is { } decided)
        {
            await EndAsync(TrialState.Stopped, StopMessage(decided, S.StopReason));
            return;
        }
        var deaths = S.SiloDeaths;
        if (cause == RequeueCause.SiloLost)
        {
            // Only deaths that cost all progress count, so a sweep riding out repeated node loss still finishes.
            deaths = S.EpochCount > S.AttemptStartEpochs ? 1 : deaths + 1;
            var max = S.Spec?.Resources.MaxSiloDeaths ?? 3;
            if (deaths >= max)
            {
                await EndAsync(TrialState.Failed, $"its silo died during {deaths} attempts in a row that recorded no epoch; last at epoch {S.EpochCount + 1} ({reason})",
                    s => s.SiloDeaths = deaths);
                return;
            }
        }
        SiloLog.TrialRequeued(logger, this.GetPrimaryKeyString(), reason, S.EpochCount);
        await RequeueCoreAsync(leaseId, front: true, s =>
        {
            s.Resumes++;
            s.SiloDeaths = deaths;
        });
        metrics.TrialRetried(Key.SweepId, MetricNames.RetryAfterRequeue);
    }

    public async Task CancelAsync()
    {
        if (S.Spec is null || S.State.IsTerminal())
        {
            return;
        }
        if (S.State == TrialState.Running)
        {
            // The slot learns it at its next heartbeat or epoch report and stops between batches.
            await CommitAsync(s => s.CancelRequested = true);
            return;
        }
        await EndAsync(TrialState.Cancelled, "cancelled");
    }

    public async Task StopEarlyAsync(int epoch, string reason)
    {
        if (S.Spec is null || S.State is TrialState.Stopped or TrialState.Diverged or TrialState.Failed || S.StopAt is not null)
        {
            return;
        }
        if (S.State == TrialState.Running)
        {
            // Stored first, so that a restart cannot undo it; the slot learns it at its next heartbeat or epoch report.
            await CommitAsync(s =>
            {
                s.StopAt = epoch;
                s.StopReason = reason;
            });
            return;
        }
        // Queued, cancelled, or completed while the decision waited for earlier trials: it ends stopped now.
        await EndAsync(TrialState.Stopped, StopMessage(epoch, reason), s =>
        {
            s.StopAt = epoch;
            s.StopReason = reason;
        });
    }

    private static string StopMessage(int epoch, string? reason) => reason ?? $"stopped early at epoch {epoch}";

    public async Task<bool> DeleteAsync()
    {
        if (S.State == TrialState.Running)
        {
            return false;
        }
        if (S.Spec is not null)
        {
            if (!S.State.IsTerminal())
            {
                // A finished trial left the scheduler when it ended; only a queued one is still there.
                await Scheduler.ForgetAsync(this.GetPrimaryKeyString());
            }
            await ClearAsync();
        }
        this.DeactivateOnIdle();
        return true;
    }

    private async Task RequeueCoreAsync(Guid leaseId, bool front, Action<TrialGrainState> change)
    {
        await CommitAsync(s =>
        {
            change(s);
            s.State = TrialState.Queued;
            s.LeaseId = null;
        });
        // Stored first: if the scheduler is unreachable now, reconciliation finds the trial queued and queues it.
        await Scheduler.ReleaseAsync(this.GetPrimaryKeyString(), leaseId);
        await Scheduler.EnqueueAsync(Queued(), front);
        Notify(Info());
    }

    private async Task EndAsync(TrialState outcome, string? message, Action<TrialGrainState>? change = null)
    {
        await CommitAsync(s =>
        {
            change?.Invoke(s);
            s.State = outcome;
            s.Message = message;
            s.LeaseId = null;
        });
        await Scheduler.ForgetAsync(this.GetPrimaryKeyString());
        SiloLog.TrialEnded(logger, this.GetPrimaryKeyString(), outcome.Name(), S.EpochCount, message ?? "");
        metrics.TrialEnded(Key.SweepId, outcome);
        Notify(Info());
    }

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(0);

    private QueuedTrial Queued()
    {
        var max = FuseKeys.MaxGroup(S.Spec!, options.Value.MaxFuse);
        // fuse: off must never join a group, even one led by another sweep's fusible trial.
        var fuseKey = max == 1 ? this.GetPrimaryKeyString() : Key.SweepId + "|" + FuseKeys.Of(S.Spec!, S.Point!);
        return new QueuedTrial(Key.SweepId, Key.TrialId, fuseKey, max);
    }

    private void Notify(TrialSummary info)
    {
        metrics.Trial(Key.SweepId, info);
        GrainFactory.GetGrain<ISweepGrain>(Key.SweepId).TrialUpdatedAsync(info).Ignore();
    }

    private TrialSummary Info() => Info(S);

    private TrialSummary Info(TrialGrainState s) => new()
    {
        TrialId = Key.TrialId,
        Point = s.Point!,
        State = s.State,
        Epochs = s.EpochCount,
        Latest = s.Latest,
        BestTestAccuracy = s.BestTestAccuracy,
        Failures = s.Failures,
        Message = s.Message,
        Silo = s.Silo,
        FusedWith = [.. s.FusedWith],
        Resumes = s.Resumes,
        StoppedAt = s.State == TrialState.Stopped ? s.StopAt : null,
    };
}
