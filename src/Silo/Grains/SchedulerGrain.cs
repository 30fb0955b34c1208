using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// The trial queue and the watchdog. Reentrant because trial grains call back into it while it waits on them
/// (reconciliation, requeue); every method mutates its in-memory state synchronously between awaits.
/// State is soft, a cache of the trials' stored states: a reconciliation loop rebuilds and corrects it from the
/// registry → sweeps → trials every <see cref="SweepGridSiloOptions.ReconcileInterval"/>.
/// </summary>
[Reentrant]
public sealed class SchedulerGrain(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<SweepGridSiloOptions> options,
    TimeProvider clock,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain, IRemindable
{
    private static readonly TimeSpan FuseGatherWindow = TimeSpan.FromSeconds(1);

    private readonly LinkedList<QueuedTrial> _queue = new();
    private readonly Dictionary<string, LinkedListNode<QueuedTrial>> _queued = [];
    private readonly Dictionary<string, RunningEntry> _running = [];
    private readonly Dictionary<string, DateTimeOffset> _queuedAt = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(WatchdogAsync, options.Value.WatchdogInterval, options.Value.WatchdogInterval);
        // Not awaited here: reconciliation calls trials that call back into this grain, which must be active to answer.
        this.RegisterGrainTimer(ReconcileAsync, TimeSpan.Zero, options.Value.ReconcileInterval);
        try
        {
            // Keeps the scheduler (and so the watchdog) alive across whole-cluster restarts.
            await this.RegisterOrUpdateReminder("keep-alive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No reminder service (e.g. a test cluster without one), or storage is away: the slots' polling keeps
            // the scheduler active, and the next activation registers it.
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public async Task EnqueueManyAsync(ImmutableArray<QueuedTrial> back, ImmutableArray<QueuedTrial> front)
    {
        foreach (var trial in back)
        {
            await EnqueueAsync(trial, front: false);
        }
        foreach (var trial in front)
        {
            await EnqueueAsync(trial, front: true);
        }
    }

    public Task EnqueueAsync(QueuedTrial trial, bool front)
    {
        if (_running.TryGetValue(trial.Key, out var r))
        {
            if (!r.Confirmed && clock.GetUtcNow() - r.Since < options.Value.LeaseStartGrace)
            {
                return Task.CompletedTask; // just leased: its slot is about to start it
            }
            SiloLog.StaleLeaseDropped(logger, trial.Key);
            _running.Remove(trial.Key);
        }
        if (!_queued.ContainsKey(trial.Key))
        {
            _queued[trial.Key] = front ? _queue.AddFirst(trial) : _queue.AddLast(trial);
            _queuedAt[trial.Key] = clock.GetUtcNow();
        }
        return Task.CompletedTask;
    }

    public Task TrackRunningAsync(QueuedTrial trial, string silo, Guid leaseId)
    {
        Dequeue(trial.Key);
        if (_running.TryGetValue(trial.Key, out var r) && r.Lease != leaseId && !r.Confirmed
            && clock.GetUtcNow() - r.Since < options.Value.LeaseStartGrace)
        {
            return Task.CompletedTask; // a newer lease is being started; the trial will say so
        }
        _running[trial.Key] = new RunningEntry(silo, leaseId, clock.GetUtcNow(), Confirmed: true);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<LeasedTrial>> LeaseAsync(string silo, int maxGroup)
    {
        if (_queue.First is not { } first)
        {
            return Task.FromResult(ImmutableArray<LeasedTrial>.Empty);
        }
        var limit = Math.Max(1, Math.Min(maxGroup, first.Value.MaxFuse));
        var group = new List<QueuedTrial>();
        for (var node = _queue.First; node is not null && group.Count < limit; node = node.Next)
        {
            if (node.Value.FuseKey == first.Value.FuseKey)
            {
                group.Add(node.Value);
            }
        }
        // A sweep's trials arrive one by one; a fusible trial waits briefly for companions rather than leaving
        // alone with the first free slot.
        if (limit > 1 && group.Count < limit && clock.GetUtcNow() - _queuedAt[first.Value.Key] < FuseGatherWindow)
        {
            return Task.FromResult(ImmutableArray<LeasedTrial>.Empty);
        }
        var leased = ImmutableArray.CreateBuilder<LeasedTrial>(group.Count);
        foreach (var t in group)
        {
            Dequeue(t.Key);
            var lease = Guid.NewGuid();
            _running[t.Key] = new RunningEntry(silo, lease, clock.GetUtcNow(), Confirmed: false);
            leased.Add(new LeasedTrial(t, lease));
        }
        return Task.FromResult(leased.MoveToImmutable());
    }

    public Task ReleaseAsync(string trialKey, Guid leaseId)
    {
        if (_running.TryGetValue(trialKey, out var r) && r.Lease == leaseId)
        {
            _running.Remove(trialKey);
        }
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string trialKey)
    {
        Dequeue(trialKey);
        _running.Remove(trialKey);
        return Task.CompletedTask;
    }

    public Task<int> CountSweepAsync(string sweepId)
    {
        var prefix = sweepId + "/";
        return Task.FromResult(_queued.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal))
            + _running.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal)));
    }

    public Task RemoveSweepAsync(string sweepId)
    {
        foreach (var key in _queued.Keys.Where(k => k.StartsWith(sweepId + "/", StringComparison.Ordinal)).ToList())
        {
            Dequeue(key);
        }
        return Task.CompletedTask;
    }

    public Task<SchedulerSnapshot> GetSnapshotAsync() => Task.FromResult(new SchedulerSnapshot(
        [.. _queue.Select(q => q.Key)],
        _running.ToImmutableDictionary(r => r.Key, r => r.Value.Silo),
        localSilo.SiloAddress.ToParsableString()));

    private void Dequeue(string key)
    {
        if (_queued.Remove(key, out var node))
        {
            _queue.Remove(node);
            _queuedAt.Remove(key);
        }
    }

    /// <summary>Requeues trials whose silo membership declared dead; one trial's error never stops the others.</summary>
    private async Task WatchdogAsync(CancellationToken ct)
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var (key, r) in _running.ToList())
        {
            var status = snapshot.GetSiloStatus(SiloAddress.FromParsableString(r.Silo));
            if (status is not (SiloStatus.Dead or SiloStatus.None))
            {
                continue;
            }
            try
            {
                SiloLog.LostSilo(logger, r.Silo, key, status.ToString());
                var trial = GrainFactory.GetGrain<ITrialGrain>(key);
                await trial.RequeueAsync(r.Lease, RequeueCause.SiloLost, $"silo {r.Silo} is {status}");
                await ReleaseAsync(key, r.Lease);
                // If the slot died between lease and start, the trial never saw this lease: make it queue itself.
                await trial.ResyncAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SiloLog.ReconcileFailed(logger, key, TransientFaults.Describe(e));
            }
        }
    }

    /// <summary>Every unfinished trial of every running sweep reports where it stands by its stored state.</summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        ImmutableArray<string> sweeps;
        try
        {
            sweeps = await GrainFactory.GetGrain<ISweepRegistryGrain>(0).ListAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SiloLog.ReconcileFailed(logger, "the sweep registry", TransientFaults.Describe(e));
            return;
        }
        foreach (var id in sweeps)
        {
            try
            {
                await GrainFactory.GetGrain<ISweepGrain>(id).ReconcileAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SiloLog.ReconcileFailed(logger, $"sweep {id}", TransientFaults.Describe(e));
            }
        }
    }

    private sealed record RunningEntry(string Silo, Guid Lease, DateTimeOffset Since, bool Confirmed);
}
