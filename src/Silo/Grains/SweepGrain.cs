using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Storage;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// One sweep: validates submissions, expands the grid, queues trials, and keeps a summary of every trial (pushed by
/// trial grains; rebuilt from them on activation) for status and watchers. A trial update costs the same however many
/// trials and epochs the sweep has: the summary is replaced, the tallies adjusted, the change logged for watchers.
/// </summary>
public sealed partial class SweepGrain(
    [PersistentState("sweep", StorageNames.Default)] IPersistentState<SweepGrainState> state,
    TimeProvider clock,
    MetricsRecorder metrics,
    ICheckpointStore checkpoints,
    IEpochStore epochs,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain
{
    private readonly Dictionary<string, TrialSummary> _trials = [];
    private readonly TrialTally _tally = new();
    private readonly ChangeLog _changes = new();
    // Numbers this activation's changes: a watcher holding another activation's number starts over.
    private readonly Guid _activation = Guid.NewGuid();
    private TaskCompletionSource _changed = NewSignal();
    private SweepGrainState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var batch in S.TrialIds.Chunk(QueueBatch))
        {
            foreach (var summary in (await Task.WhenAll(batch.Select(id => Trial(id).GetAsync()))).OfType<TrialSummary>())
            {
                Apply(summary);
            }
        }
        await RebuildStoppingAsync();
        PublishMetrics();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.SweepDeactivated(Id);
        // Reconciliation in the next activation creates what this one did not get to.
        await StopPreparingAsync();
    }

    public async Task<SubmitResult> SubmitAsync(string specYaml, string source)
    {
        SweepSpec spec;
        try
        {
            spec = SpecParser.Parse(specYaml, source);
        }
        catch (SpecException e)
        {
            return Rejected([.. e.Problems]);
        }
        return await SubmitParsedAsync(spec);
    }

    public async Task<SubmitResult> SubmitParsedAsync(SweepSpec spec)
    {
        if (S.Deleting)
        {
            return Rejected([new SpecProblem("name", $"sweep '{Id}' is being deleted; run `sweepgrid delete {Id}` again to finish, then submit")]);
        }
        if (spec.Name != Id)
        {
            return Rejected([new SpecProblem("name", $"is '{spec.Name}' but was submitted to sweep '{Id}'")]);
        }
        if (S.Spec is { } old && TrialIds.BaseFingerprint(old) != TrialIds.BaseFingerprint(spec))
        {
            return Rejected([new SpecProblem("name", $"sweep '{Id}' already exists with other shared settings ({TrialIds.BaseFingerprint(old)}); " +
                $"only swept values may be added under the same name; use a new name for ({TrialIds.BaseFingerprint(spec)})")]);
        }
        var asked = spec.Search.Algorithm == SearchAlgorithm.Grid ? null : Ask(spec, ToAsk(spec));
        var grid = asked is null ? TrialIds.Expand(spec) : [.. S.TrialIds.Select(id => (id, S.Points[id])), .. asked.Trials];
        var fresh = grid.Where(t => !S.Points.ContainsKey(t.TrialId)).ToList();
        await CommitAsync(s =>
        {
            foreach (var (id, point) in fresh)
            {
                s.TrialIds.Add(id);
                s.Points[id] = point;
            }
            if (asked is not null)
            {
                s.Asked.AddRange(asked.Points);
                s.SearchExhausted = asked.Exhausted;
            }
            s.Spec = spec;
            s.State = SweepState.Running;
            s.FinishedAt = null;
            if (s.SubmittedAt == default)
            {
                s.SubmittedAt = clock.GetUtcNow();
            }
        });
        await GrainFactory.GetGrain<ISweepRegistryGrain>(0).RegisterAsync(Id);
        if (_book is null && spec.EarlyStopping.Enabled)
        {
            await RebuildStoppingAsync();
        }
        // The first batch is queued before the answer (a small sweep is then wholly queued when the submit returns); the
        // rest is prepared behind it, so that submitting 10,000 trials to a cluster takes seconds, not the time it takes
        // to create 10,000 trial states. The grid is already stored: if this activation is lost midway, reconciliation
        // creates whatever is missing.
        await StopPreparingAsync();
        var ids = grid.Select(t => t.TrialId).ToList();
        await QueueUnfinishedAsync(ids.Take(QueueBatch), () => true);
        if (ids.Count > QueueBatch)
        {
            _preparation = PrepareRestAsync(ids.Skip(QueueBatch).ToList());
        }
        SiloLog.SweepSubmitted(logger, Id, fresh.Count, grid.Count - fresh.Count);
        await CheckFinishedAsync();
        PublishMetrics();
        return new SubmitResult(Id, [.. fresh.Select(t => t.TrialId)], [.. grid.Select(t => t.TrialId).Except(fresh.Select(t => t.TrialId))], []);
    }

    public Task<SweepSummary?> GetSummaryAsync() => Task.FromResult(S.Spec is null ? null : new SweepSummary
    {
        SweepId = Id,
        Spec = S.Spec,
        State = S.State,
        Trials = [.. S.TrialIds.Select(Summary)],
        SubmittedAt = S.SubmittedAt,
        FinishedAt = S.FinishedAt,
    });

    public IAsyncEnumerable<SweepUpdate> WatchAsync(SweepVersion since) => WatchCoreAsync(since);

    private async IAsyncEnumerable<SweepUpdate> WatchCoreAsync(SweepVersion since, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (S.Spec is null)
        {
            yield break;
        }
        var seen = since.Change;
        if (since.Activation != _activation || seen > _changes.Latest)
        {
            // Everything, in grid order, a few thousand trials per message.
            seen = _changes.Latest;
            var first = true;
            foreach (var chunk in S.TrialIds.ToArray().Chunk(WatchChunk).DefaultIfEmpty([]))
            {
                yield return Update(seen, [.. chunk.Select(Summary)], reset: first);
                first = false;
            }
        }
        while (S.Spec is not null && S.State == SweepState.Running && !S.Deleting)
        {
            while (_changes.Latest == seen && S.State == SweepState.Running && S.Spec is not null)
            {
                await _changed.Task.WaitAsync(ct);
            }
            // Gather what else changes in a moment: a busy sweep sends a few messages a second, not one per epoch.
            await Task.Delay(WatchGather, ct);
            var changed = _changes.Since(seen);
            seen = _changes.Latest;
            if (S.Spec is null)
            {
                yield break;
            }
            yield return Update(seen, [.. changed.Select(Summary)], reset: false);
        }
    }

    private SweepUpdate Update(long seen, ImmutableArray<TrialSummary> trials, bool reset) => new()
    {
        Version = new SweepVersion(_activation, seen),
        State = S.State,
        TrialCount = S.TrialIds.Count,
        Changed = trials,
        Reset = reset,
        Spec = reset ? S.Spec : null,
        SubmittedAt = S.SubmittedAt,
        FinishedAt = S.FinishedAt,
    };

    // Trials per message when a watcher is sent every trial, and how long changes are gathered into one message.
    private const int WatchChunk = 2000;
    private static readonly TimeSpan WatchGather = TimeSpan.FromMilliseconds(250);

    public async Task CancelAsync()
    {
        if (S.Spec is null || S.State != SweepState.Running)
        {
            return;
        }
        // No trial may be prepared (or reopened) behind the cancel.
        await StopPreparingAsync();
        await CommitAsync(s =>
        {
            s.State = SweepState.Cancelled;
            s.FinishedAt = clock.GetUtcNow();
        });
        Signal();
        await GrainFactory.GetGrain<ISchedulerGrain>(0).RemoveSweepAsync(Id);
        foreach (var batch in S.TrialIds.Chunk(QueueBatch))
        {
            await Task.WhenAll(batch.Select(id => Trial(id).CancelAsync()));
        }
        PublishMetrics();
    }

    public async Task<DeleteResult> DeleteAsync()
    {
        if (S.Spec is null)
        {
            return DeleteResult.Refused($"no sweep '{Id}'");
        }
        if (S.State == SweepState.Running)
        {
            var unfinished = S.TrialIds.Count(id => !Finished(id));
            return DeleteResult.Refused($"sweep '{Id}' is running ({unfinished} unfinished trials); cancel it first: sweepgrid cancel {Id}");
        }
        // Marked first and cleared last: a delete cut short leaves a sweep that refuses submissions and that the
        // next delete finishes, never trials without their sweep.
        await CommitAsync(s => s.Deleting = true);
        await GrainFactory.GetGrain<ISchedulerGrain>(0).RemoveSweepAsync(Id);
        var stillRunning = new List<string>();
        foreach (var batch in S.TrialIds.Chunk(64))
        {
            var done = await Task.WhenAll(batch.Select(id => Trial(id).DeleteAsync()));
            stillRunning.AddRange(batch.Where((_, i) => !done[i]));
        }
        if (stillRunning.Count > 0)
        {
            return DeleteResult.Refused($"{stillRunning.Count} trials of '{Id}' are still stopping ({string.Join(", ", stillRunning.Take(3))}); run delete again in a few seconds");
        }
        await checkpoints.DeleteSweepAsync(Id, CancellationToken.None);
        await epochs.DeleteSweepAsync(Id, CancellationToken.None);
        await GrainFactory.GetGrain<ISweepRegistryGrain>(0).UnregisterAsync(Id);
        var trials = S.TrialIds.Count;
        var before = S.Copy();
        try
        {
            await state.ClearStateAsync();
        }
        catch (Exception e)
        {
            throw WriteFailed(before, e);
        }
        _trials.Clear();
        _tally.Clear();
        Signal();
        // Deactivation drops the sweep's metric series (OnDeactivateAsync).
        this.DeactivateOnIdle();
        return new DeleteResult(true, trials, null);
    }

    public async Task TrialUpdatedAsync(TrialSummary trial)
    {
        if (S.Spec is null || S.Deleting)
        {
            return;
        }
        // One-way messages may overtake each other: a finished state is final (only a resubmit reopens a cancelled
        // trial), so a late update from before it is ignored.
        if (_trials.TryGetValue(trial.TrialId, out var known) && known.State.IsTerminal() && known.State != TrialState.Cancelled && !trial.State.IsTerminal())
        {
            return;
        }
        Apply(trial);
        await StoppingUpdateAsync(trial);
        if (trial.State.IsTerminal())
        {
            await AskMoreAsync();
        }
        await CheckFinishedAsync();
        PublishMetrics();
    }

    public async Task ReconcileAsync()
    {
        if (S.Spec is not { } spec || S.State != SweepState.Running)
        {
            return;
        }
        // Every trial's stored state is asked for only when something may be off: the scheduler holds a different number
        // of this sweep's trials than the sweep believes queued or running, or a full round is due. Otherwise only trials
        // never heard from are (they may be missing). A 10,000-trial sweep then costs one call per interval, not 10,000.
        var full = _reconciles++ % FullReconcileEvery == 0
            || await GrainFactory.GetGrain<ISchedulerGrain>(0).CountSweepAsync(Id) != _tally.Count(TrialState.Queued) + _tally.Count(TrialState.Running);
        if (full)
        {
            foreach (var id in S.TrialIds.Where(id => _trials.ContainsKey(id) && !Finished(id)).ToList())
            {
                // The trial's stored state is the truth.
                Apply(await Trial(id).ResyncAsync() ?? await Trial(id).EnsureQueuedAsync(TrialIds.TrialSpec(spec, S.Points[id]), S.Points[id]));
            }
        }
        if (_preparation is null or { IsCompleted: true })
        {
            // Trials never heard from, which a failed or interrupted submit may not have created: created now, in batches.
            await QueueUnfinishedAsync(S.TrialIds.Where(id => !_trials.ContainsKey(id)).ToList(), () => S.State == SweepState.Running);
        }
        await ResendStopsAsync();
        await AskMoreAsync();
        await CheckFinishedAsync();
        PublishMetrics();
    }

    /// <summary>The rest of a submission's trials, prepared after its answer; stops between batches when asked to.</summary>
    private async Task PrepareRestAsync(List<string> ids)
    {
        _stopPreparing = false;
        try
        {
            await QueueUnfinishedAsync(ids, () => !_stopPreparing && S.State == SweepState.Running && !S.Deleting);
            await CheckFinishedAsync();
            PublishMetrics();
        }
        catch (Exception e)
        {
            // Nothing is lost: the grid is stored, and reconciliation creates the trials not yet heard from.
            SiloLog.ReconcileFailed(logger, $"preparation of the trials of {Id}", TransientFaults.Describe(e));
        }
    }

    /// <summary>Ends a preparation still running (after its current batch) before anything that must not race it.</summary>
    private async Task StopPreparingAsync()
    {
        if (_preparation is { } running)
        {
            _stopPreparing = true;
            await running;
            _preparation = null;
        }
    }

    private Task? _preparation;
    private bool _stopPreparing;

    private async Task QueueUnfinishedAsync(IEnumerable<string> ids, Func<bool> goOn)
    {
        // Trials are prepared many at a time and queued a batch per call, in the spec's grid order, so that a submit of
        // thousands of trials takes seconds, and the first batch can start training while the rest are prepared.
        var spec = S.Spec!;
        var open = ids.Where(id => !(_trials.TryGetValue(id, out var t) && t.State.IsTerminal() && t.State != TrialState.Cancelled)).ToList();
        var scheduler = GrainFactory.GetGrain<ISchedulerGrain>(0);
        foreach (var batch in open.Chunk(QueueBatch))
        {
            if (!goOn())
            {
                return;
            }
            var ready = await Task.WhenAll(batch.Select(id => Trial(id).PrepareAsync(TrialIds.TrialSpec(spec, S.Points[id]), S.Points[id])));
            foreach (var r in ready)
            {
                Apply(r.Info);
            }
            await scheduler.EnqueueManyAsync(
                [.. ready.Where(r => r.Queue is not null && !r.Front).Select(r => r.Queue!)],
                [.. ready.Where(r => r.Queue is not null && r.Front).Select(r => r.Queue!)]);
        }
    }

    // Reconciliation rounds per full one (see ReconcileAsync), and rounds so far in this activation.
    private const int FullReconcileEvery = 6;
    private int _reconciles;

    // Trial calls in flight at once during a submit, and trials per scheduler call.
    private const int QueueBatch = 256;

    private async Task CheckFinishedAsync()
    {
        // Every trial of the sweep is known to the tally once it is finished, so the counts decide.
        if (S.State == SweepState.Running && S.TrialIds.Count > 0 && _tally.Finished == S.TrialIds.Count && SearchDone())
        {
            await CommitAsync(s =>
            {
                s.State = SweepState.Completed;
                s.FinishedAt = clock.GetUtcNow();
            });
            Signal();
        }
    }

    /// <summary>Applies <paramref name="change"/> and writes; on failure restores what storage holds and re-reads it next time.</summary>
    private async Task CommitAsync(Action<SweepGrainState> change)
    {
        var before = S.Copy();
        change(S);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            throw WriteFailed(before, e);
        }
    }

    /// <summary>After a failed write: back to what storage held, and a fresh activation (its ETag is now uncertain).</summary>
    private Exception WriteFailed(SweepGrainState before, Exception e)
    {
        state.State = before;
        this.DeactivateOnIdle();
        return StorageFaults.ForCaller(e, $"sweep state of {Id}");
    }

    private bool Finished(string trialId) => _trials.TryGetValue(trialId, out var t) && t.State.IsTerminal();

    /// <summary>The trial's new summary: tallies adjusted, the change logged, watchers woken; nothing when it is no news.</summary>
    private void Apply(TrialSummary trial)
    {
        _trials.TryGetValue(trial.TrialId, out var old);
        if (trial.Equals(old))
        {
            // Reconciliation and repeated notices resend what is known: watchers hear only of real changes.
            return;
        }
        _trials[trial.TrialId] = trial;
        _tally.Replace(old, trial);
        _changes.Touch(trial.TrialId);
        Signal();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TrialSummary Summary(string trialId) => _trials.TryGetValue(trialId, out var t) ? t : TrialSummary.Pending(trialId, S.Points[trialId]);

    private void PublishMetrics() => metrics.Sweep(Id, S.State, S.TrialIds.Count, _tally.Counts(S.TrialIds.Count), _tally.BestTestAccuracy);

    private ITrialGrain Trial(string trialId) => GrainFactory.GetGrain<ITrialGrain>(TrialIds.GrainKey(Id, trialId));

    private SubmitResult Rejected(ImmutableArray<SpecProblem> problems) => new(Id, [], [], problems);
}
