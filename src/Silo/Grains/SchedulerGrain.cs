using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// The trial queue and the watchdog. Reentrant because trial grains call back into it while it waits on them
/// (resync, requeue); every method mutates its in-memory state synchronously between awaits.
/// State is soft: on activation it is rebuilt from the registry → sweeps → trials, which hold the truth.
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
    private readonly Dictionary<string, (QueuedTrial Trial, string Silo, Guid Lease)> _running = [];
    private readonly Dictionary<string, DateTimeOffset> _queuedAt = [];
    private IGrainTimer? _watchdog;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _watchdog = this.RegisterGrainTimer(WatchdogAsync, options.Value.WatchdogInterval, options.Value.WatchdogInterval);
        // Not awaited here: resync calls trials that call back into this grain, which must be active to answer.
        this.RegisterGrainTimer(ResyncOnceAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        try
        {
            // Keeps the scheduler (and so the watchdog) alive across whole-cluster restarts.
            await this.RegisterOrUpdateReminder("keep-alive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception e) when (e is InvalidOperationException or OrleansException)
        {
            // No reminder service (e.g. a test cluster without one): the slots' polling keeps the scheduler active.
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public Task EnqueueAsync(QueuedTrial trial, bool front)
    {
        if (!_queued.ContainsKey(trial.Key) && !_running.ContainsKey(trial.Key))
        {
            _queued[trial.Key] = front ? _queue.AddFirst(trial) : _queue.AddLast(trial);
            _queuedAt[trial.Key] = clock.GetUtcNow();
        }
        return Task.CompletedTask;
    }

    public Task TrackRunningAsync(QueuedTrial trial, string silo, Guid leaseId)
    {
        Dequeue(trial.Key);
        _running[trial.Key] = (trial, silo, leaseId);
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
            _running[t.Key] = (t, silo, lease);
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
            SiloLog.LostSilo(logger, r.Silo, key, status.ToString());
            var trial = GrainFactory.GetGrain<ITrialGrain>(key);
            await trial.RequeueAsync(r.Lease, $"silo {r.Silo} is {status}");
            await ReleaseAsync(key, r.Lease);
            // If the slot died between lease and start, the trial never saw this lease: make it queue itself.
            await trial.ResyncAsync();
        }
    }

    private async Task ResyncOnceAsync(CancellationToken ct)
    {
        var sweeps = await GrainFactory.GetGrain<ISweepRegistryGrain>(0).ListAsync();
        foreach (var id in sweeps)
        {
            try
            {
                await GrainFactory.GetGrain<ISweepGrain>(id).ResumeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SiloLog.ResyncFailed(logger, id, e.Message);
            }
        }
        SiloLog.SchedulerResynced(logger, sweeps.Length);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _watchdog?.Dispose();
        return Task.CompletedTask;
    }
}
