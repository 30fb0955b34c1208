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

namespace SweepGrid.Silo.Grains;

/// <summary>Owns one trial's durable state. See <see cref="ITrialGrain"/> for the lease protocol.</summary>
[SlotSiloPlacement]
public sealed class TrialGrain(
    [PersistentState("trial", StorageNames.Default)] IPersistentState<TrialGrainState> state,
    IOptions<SweepGridSiloOptions> options,
    TimeProvider clock,
    MetricsRecorder metrics,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    private DateTimeOffset _lastContact;
    private IGrainTimer? _leaseWatch;

    private TrialGrainState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.State == TrialState.Running)
        {
            // Reactivated (e.g. its previous silo died): give the slot a full lease period to reach us again.
            WatchLease();
        }
        return Task.CompletedTask;
    }

    private (string SweepId, string TrialId) Key => TrialIds.ParseGrainKey(this.GetPrimaryKeyString());

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.TrialDeactivated(Key.SweepId, Key.TrialId);
        return Task.CompletedTask;
    }

    public async Task<TrialInfo> EnsureQueuedAsync(SweepSpec spec, TrialPoint point)
    {
        if (S.Spec is null || S.State == TrialState.Cancelled)
        {
            // New, or cancelled earlier and submitted again: queue it (a cancelled trial keeps its epochs and resumes).
            S.Spec ??= spec;
            S.Point ??= point;
            S.State = TrialState.Queued;
            S.CancelRequested = false;
            await state.WriteStateAsync();
        }
        await ResyncAsync();
        var info = Info();
        Notify(info);
        return info;
    }

    public async Task ResyncAsync()
    {
        if (S.State == TrialState.Queued)
        {
            await Scheduler.EnqueueAsync(Queued(), front: S.Epochs.Count > 0);
        }
        else if (S.State == TrialState.Running && S.LeaseId is { } lease && S.Silo is { } silo)
        {
            await Scheduler.TrackRunningAsync(Queued(), silo, lease);
        }
    }

    public Task<TrialInfo?> GetAsync() => Task.FromResult(S.Spec is null ? null : Info());

    public async Task<TrialLease?> BeginAsync(string silo, Guid leaseId, ImmutableArray<string> fusedWith)
    {
        if (S.Spec is null || S.Point is null || S.State.IsTerminal())
        {
            return null;
        }
        if (S.CancelRequested)
        {
            await EndAsync(TrialState.Cancelled, "cancelled before it started");
            return null;
        }
        S.State = TrialState.Running;
        S.Silo = silo;
        S.LeaseId = leaseId;
        S.FusedWith = [.. fusedWith];
        await state.WriteStateAsync();
        WatchLease();
        SiloLog.TrialStarted(logger, this.GetPrimaryKeyString(), silo, S.Epochs.Count);
        Notify(Info());
        return new TrialLease(S.Spec, S.Point, S.Epochs.Count);
    }

    public async Task<LeaseVerdict> ReportEpochAsync(Guid leaseId, EpochRecord epoch)
    {
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return LeaseVerdict.Stop;
        }
        _lastContact = clock.GetUtcNow();
        var next = S.Epochs.Count + 1;
        if (epoch.Epoch == next)
        {
            S.Epochs.Add(epoch);
            await state.WriteStateAsync();
            metrics.EpochStored(Key.SweepId, epoch);
            Notify(Info());
        }
        else if (epoch.Epoch > next)
        {
            throw new InvalidOperationException($"trial {this.GetPrimaryKeyString()}: epoch {epoch.Epoch} reported after {S.Epochs.Count}; epochs must arrive in order");
        }
        // epoch.Epoch < next: a resumed attempt repeating an epoch that is already stored; keep the first.
        return S.CancelRequested ? LeaseVerdict.Stop : LeaseVerdict.Continue;
    }

    public Task<LeaseVerdict> HeartbeatAsync(Guid leaseId)
    {
        var current = S.LeaseId == leaseId && S.State == TrialState.Running;
        if (current)
        {
            _lastContact = clock.GetUtcNow();
        }
        return Task.FromResult(current && !S.CancelRequested ? LeaseVerdict.Continue : LeaseVerdict.Stop);
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
        await EndAsync(outcome, message);
    }

    public async Task FailAttemptAsync(Guid leaseId, string error)
    {
        if (S.LeaseId != leaseId || S.State != TrialState.Running)
        {
            return;
        }
        S.Failures++;
        var max = S.Spec?.Resources.MaxFailures ?? 2;
        SiloLog.TrialAttemptFailed(logger, this.GetPrimaryKeyString(), S.Failures, max, error);
        if (S.Failures > max)
        {
            await EndAsync(TrialState.Failed, $"failed {S.Failures} times; last error: {error}");
            return;
        }
        S.Message = $"attempt {S.Failures} failed: {error}";
        metrics.TrialRetried(Key.SweepId, MetricNames.RetryAfterFailure);
        await RequeueCoreAsync(leaseId, front: false);
    }

    public async Task RequeueAsync(Guid leaseId, string reason)
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
        S.Resumes++;
        metrics.TrialRetried(Key.SweepId, MetricNames.RetryAfterRequeue);
        SiloLog.TrialRequeued(logger, this.GetPrimaryKeyString(), reason, S.Epochs.Count);
        await RequeueCoreAsync(leaseId, front: true);
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
            S.CancelRequested = true;
            await state.WriteStateAsync();
            return;
        }
        await EndAsync(TrialState.Cancelled, "cancelled");
    }

    /// <summary>
    /// Catches a slot that went silent while its silo stays alive (its process hung, or it gave up on this
    /// grain while it was moving): the membership-based watchdog cannot see that case.
    /// </summary>
    private void WatchLease()
    {
        _lastContact = clock.GetUtcNow();
        var timeout = options.Value.LeaseTimeout;
        _leaseWatch ??= this.RegisterGrainTimer(async ct =>
        {
            if (S.State != TrialState.Running || S.LeaseId is not { } lease)
            {
                _leaseWatch?.Dispose();
                _leaseWatch = null;
                return;
            }
            var silent = clock.GetUtcNow() - _lastContact;
            if (silent > timeout)
            {
                SiloLog.LeaseExpired(logger, this.GetPrimaryKeyString(), S.Silo ?? "?", silent.TotalSeconds);
                await RequeueAsync(lease, $"no word from its slot for {silent.TotalSeconds:F0}s");
            }
        }, timeout / 4, timeout / 4);
    }

    private async Task RequeueCoreAsync(Guid leaseId, bool front)
    {
        S.State = TrialState.Queued;
        S.LeaseId = null;
        await state.WriteStateAsync();
        await Scheduler.ReleaseAsync(this.GetPrimaryKeyString(), leaseId);
        await Scheduler.EnqueueAsync(Queued(), front);
        Notify(Info());
    }

    private async Task EndAsync(TrialState outcome, string? message)
    {
        var lease = S.LeaseId;
        S.State = outcome;
        S.Message = message;
        S.LeaseId = null;
        await state.WriteStateAsync();
        if (lease is { } l)
        {
            await Scheduler.ReleaseAsync(this.GetPrimaryKeyString(), l);
        }
        SiloLog.TrialEnded(logger, this.GetPrimaryKeyString(), outcome.Name(), S.Epochs.Count, message ?? "");
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

    private void Notify(TrialInfo info)
    {
        metrics.Trial(Key.SweepId, info);
        GrainFactory.GetGrain<ISweepGrain>(Key.SweepId).TrialUpdatedAsync(info).Ignore();
    }

    private TrialInfo Info() => new()
    {
        TrialId = Key.TrialId,
        Point = S.Point!,
        State = S.State,
        Epochs = [.. S.Epochs],
        Failures = S.Failures,
        Message = S.Message,
        Silo = S.Silo,
        FusedWith = [.. S.FusedWith],
        Resumes = S.Resumes,
    };
}
