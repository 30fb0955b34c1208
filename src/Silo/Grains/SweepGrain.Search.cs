using System.Collections.Immutable;
using SweepGrid.Contracts.Search;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// The sweep's search and early stopping. A random sweep's configurations are all drawn at submit; a TPE sweep draws
/// its start-up configurations at submit and one more as each finishes, keeping <c>search.parallel</c> in flight. Points
/// are stored before their trials are created, so a restarted cluster goes on from the same sequence, and a resubmit
/// finds every point it asked by its trial id. Early stopping feeds each trial's recorded epochs to a
/// <see cref="StoppingBook"/>, which decides against earlier trials only, so its decisions depend on recorded epochs and
/// not on timing; a stop is stored here before the trial hears of it, and is never undone.
/// </summary>
public sealed partial class SweepGrain
{
    private StoppingBook? _book;
    private readonly Dictionary<string, int> _order = [];
    private readonly Dictionary<string, int> _fed = [];
    private readonly HashSet<string> _ended = [];
    // The trial ids of each asked configuration, in ask order (derived from the stored points, built when first needed).
    private readonly List<string[]> _configTrials = [];

    /// <summary>Points newly asked of a sampler, the trials they make, and whether the space ran out.</summary>
    private sealed record Asked(List<ImmutableArray<double>> Points, List<(string TrialId, TrialPoint Point)> Trials, bool Exhausted);

    /// <summary>How many configurations a submit asks for: all of a random sweep's, a TPE sweep's first in-flight ones.</summary>
    private int ToAsk(SweepSpec spec)
    {
        var left = spec.Search.Trials - S.Asked.Count;
        return spec.Search.Algorithm == SearchAlgorithm.Tpe ? Math.Min(left, spec.Search.Parallel - InFlightConfigurations(spec)) : left;
    }

    private Asked Ask(SweepSpec spec, int count)
    {
        var space = SweepSpace.Of(spec);
        var sampler = space.Sampler();
        var asked = new List<ImmutableArray<double>>(S.Asked);
        var observations = Observations(spec);
        var points = new List<ImmutableArray<double>>();
        var trials = new List<(string, TrialPoint)>();
        var known = new HashSet<string>(S.TrialIds);
        var exhausted = false;
        for (var i = 0; i < count; i++)
        {
            if (sampler.Ask(asked.Count, asked, observations) is not { } point)
            {
                exhausted = true;
                break;
            }
            asked.Add(point);
            points.Add(point);
            // Two points that round to one configuration make no second trial: nothing runs twice.
            trials.AddRange(TrialIds.Replicas(spec, space.Configuration(point)).Where(t => known.Add(t.TrialId)));
        }
        return new Asked(points, trials, exhausted);
    }

    /// <summary>A TPE sweep asks for more whenever fewer than search.parallel of its configurations are unfinished.</summary>
    private async Task AskMoreAsync()
    {
        if (S.Spec is not { Search.Algorithm: SearchAlgorithm.Tpe } spec || S.State != SweepState.Running || S.Deleting || SearchDone())
        {
            return;
        }
        var count = ToAsk(spec);
        if (count <= 0)
        {
            return;
        }
        var asked = Ask(spec, count);
        await CommitAsync(s =>
        {
            foreach (var (id, point) in asked.Trials)
            {
                s.TrialIds.Add(id);
                s.Points[id] = point;
            }
            s.Asked.AddRange(asked.Points);
            s.SearchExhausted = asked.Exhausted;
        });
        await QueueUnfinishedAsync([.. asked.Trials.Select(t => t.TrialId)], () => S.State == SweepState.Running);
    }

    /// <summary>Whether a search has asked all it will (a grid always has).</summary>
    private bool SearchDone() => S.Spec is not { } spec || spec.Search.Algorithm == SearchAlgorithm.Grid
        || S.SearchExhausted || S.Asked.Count >= spec.Search.Trials;

    private int InFlightConfigurations(SweepSpec spec)
    {
        var configs = ConfigurationTrials(spec);
        return configs.Count(ids => ids.Any(id => !Finished(id)));
    }

    private List<string[]> ConfigurationTrials(SweepSpec spec)
    {
        if (_configTrials.Count < S.Asked.Count)
        {
            var space = SweepSpace.Of(spec);
            foreach (var point in S.Asked.Skip(_configTrials.Count))
            {
                _configTrials.Add([.. TrialIds.Replicas(spec, space.Configuration(point)).Select(t => t.TrialId).Where(S.Points.ContainsKey)]);
            }
        }
        return _configTrials;
    }

    /// <summary>
    /// What the sampler learns from: every configuration whose trials have all finished, scored by the selection metric
    /// at their last epoch (averaged over seeds), smaller is better. A configuration with a stopped trial counts as
    /// stopped at its fewest epochs; one that diverged or failed as the worst possible.
    /// </summary>
    private List<SearchObservation> Observations(SweepSpec spec)
    {
        var result = new List<SearchObservation>();
        var configs = ConfigurationTrials(spec);
        for (var k = 0; k < configs.Count; k++)
        {
            var trials = configs[k].Select(id => _trials.GetValueOrDefault(id)).ToList();
            if (trials.Count == 0 || trials.Any(t => t is null || !t.State.IsTerminal() || t.State == TrialState.Cancelled))
            {
                continue;
            }
            var finished = trials.Select(t => t!).ToList();
            if (finished.Any(t => t.State is TrialState.Diverged or TrialState.Failed || t.Latest is null))
            {
                result.Add(new SearchObservation(S.Asked[k], double.MaxValue, finished.Min(t => t.Epochs), Complete: false));
                continue;
            }
            var mean = finished.Average(t => t.Latest!.Value(spec.Selection.Metric));
            var score = spec.Selection.Mode == SelectionGoal.Min ? mean : -mean;
            result.Add(new SearchObservation(S.Asked[k], score, finished.Min(t => t.Epochs), Complete: finished.All(t => t.State == TrialState.Completed)));
        }
        return result;
    }

    /// <summary>A trial's index for early stopping: its position in the sweep's trials (the map grows with them).</summary>
    private int IndexOf(string trialId)
    {
        for (var i = _order.Count; i < S.TrialIds.Count; i++)
        {
            _order[S.TrialIds[i]] = i;
        }
        return _order.TryGetValue(trialId, out var index) ? index : -1;
    }

    private static StoppingRule Rule(EarlyStoppingSpec e) => e.Algorithm switch
    {
        StoppingAlgorithm.Asha => new AshaRule(e.GraceEpochs, e.ReductionFactor, e.Mode == SelectionGoal.Min, e.Metric.Keyword()),
        StoppingAlgorithm.Median => new MedianRule(e.GraceEpochs, e.Mode == SelectionGoal.Min, e.MinSamples, e.Metric.Keyword()),
        _ => throw new InvalidOperationException("no early stopping"),
    };

    /// <summary>
    /// A fresh book from every trial's recorded epochs (read from the trials, up to the last decision epoch), and the
    /// trials told of every stored stop they may not have heard of. Replaying recorded epochs makes the same decisions
    /// as before (they depend on nothing else), so only decisions not stored yet are new.
    /// </summary>
    private async Task RebuildStoppingAsync()
    {
        _book = null;
        _fed.Clear();
        _ended.Clear();
        _order.Clear();
        if (S.Spec is not { EarlyStopping.Enabled: true } spec)
        {
            return;
        }
        var book = new StoppingBook(Rule(spec.EarlyStopping), spec.Epochs);
        _book = book;
        var decisions = new List<StopDecision>();
        foreach (var batch in S.TrialIds.Where(id => _trials.ContainsKey(id)).Chunk(32))
        {
            var fed = await Task.WhenAll(batch.Select(async id => (Id: id, Decisions: await FeedAsync(id, _trials[id]))));
            decisions.AddRange(fed.SelectMany(f => f.Decisions));
        }
        foreach (var id in S.TrialIds.Where(id => _trials.ContainsKey(id)))
        {
            decisions.AddRange(EndIfOver(id, _trials[id]));
        }
        await ActOnAsync(decisions);
        await ResendStopsAsync();
    }

    private async Task StoppingUpdateAsync(TrialSummary trial)
    {
        if (_book is null || IndexOf(trial.TrialId) < 0)
        {
            return;
        }
        List<StopDecision> decisions;
        try
        {
            decisions = [.. await FeedAsync(trial.TrialId, trial)];
            decisions.AddRange(EndIfOver(trial.TrialId, trial));
        }
        catch (ArgumentException e)
        {
            // The book refused what it was fed (which stored epochs never cause): start it over from storage rather
            // than let later decisions wait on a trial it has lost track of.
            SiloLog.ReconcileFailed(logger, $"early stopping of {Id} (rebuilt from the stored epochs)", e.Message);
            await RebuildStoppingAsync();
            return;
        }
        await ActOnAsync(decisions);
    }

    /// <summary>The trial's epochs the book has not seen, up to its last decision epoch: from the summary when it is the next one, else read.</summary>
    private async Task<IReadOnlyList<StopDecision>> FeedAsync(string trialId, TrialSummary trial)
    {
        var book = _book!;
        var metric = S.Spec!.EarlyStopping.Metric;
        var limit = book.DecisionEpochs.Count == 0 ? 0 : book.DecisionEpochs[^1];
        var fed = _fed.GetValueOrDefault(trialId);
        var upTo = Math.Min(trial.Epochs, limit);
        if (upTo <= fed)
        {
            return [];
        }
        IReadOnlyList<EpochRecord> epochs = trial.Latest is { } latest && latest.Epoch == fed + 1 && upTo == fed + 1
            ? [latest]
            : await Trial(trialId).GetEpochsAsync(fed + 1, upTo - fed);
        // The feed may have moved on while the read was out (the grain interleaves only here): record each epoch once.
        fed = _fed.GetValueOrDefault(trialId);
        var index = IndexOf(trialId);
        var decisions = new List<StopDecision>();
        foreach (var e in epochs.Where(e => e.Epoch == fed + 1 || e.Epoch > fed).OrderBy(e => e.Epoch))
        {
            if (e.Epoch != fed + 1)
            {
                break;
            }
            decisions.AddRange(book.Record(index, e.Epoch, e.Value(metric)));
            fed = e.Epoch;
        }
        _fed[trialId] = fed;
        return decisions;
    }

    /// <summary>A trial that ended on its own (completed, diverged, failed) no longer holds back the decisions of later ones.</summary>
    private IReadOnlyList<StopDecision> EndIfOver(string trialId, TrialSummary trial)
    {
        if (_book is null || trial.State is not (TrialState.Completed or TrialState.Diverged or TrialState.Failed) || !_ended.Add(trialId))
        {
            return [];
        }
        return _book.End(IndexOf(trialId), trial.Epochs);
    }

    private async Task ActOnAsync(IReadOnlyList<StopDecision> decisions)
    {
        var stops = decisions.Where(d => d.Verdict == StopVerdict.Stop)
            .Select(d => (Id: S.TrialIds[d.TrialIndex], Decision: d))
            .Where(d => !S.Stops.ContainsKey(d.Id))
            .ToList();
        if (stops.Count == 0)
        {
            return;
        }
        await CommitAsync(s =>
        {
            foreach (var (id, d) in stops)
            {
                s.Stops[id] = new StopRecord(d.Epoch, d.Reason);
            }
        });
        foreach (var (id, d) in stops)
        {
            SiloLog.TrialStoppedEarly(logger, TrialIds.GrainKey(Id, id), d.Epoch, d.Reason);
        }
        await TellStopsAsync(stops.Select(s => s.Id));
    }

    /// <summary>Stored stops of trials not yet known to have ended: told again (the trial ignores a repeat).</summary>
    private Task ResendStopsAsync() =>
        TellStopsAsync(S.Stops.Keys.Where(id => !(_trials.TryGetValue(id, out var t) && t.State is TrialState.Stopped or TrialState.Diverged or TrialState.Failed)));

    private async Task TellStopsAsync(IEnumerable<string> trialIds)
    {
        foreach (var batch in trialIds.Chunk(QueueBatch))
        {
            await Task.WhenAll(batch.Select(id => Trial(id).StopEarlyAsync(S.Stops[id].Epoch, S.Stops[id].Reason)));
        }
    }
}
