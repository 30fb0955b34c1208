using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// What a report says beyond the winner when a sweep has many trials: the winner's margin over the runner-up, its
/// seed interval, warnings when it sits at the edge of a searched range, a sensitivity series per searched
/// hyperparameter, which trials stopped at which rung, and the trial-epochs spent against running every trial to the end.
/// </summary>
/// <param name="TrialEpochs">Epochs trained over all trials.</param>
/// <param name="FullTrialEpochs">Trials × epochs: what training every trial to its last epoch costs (the full grid, for a grid).</param>
public sealed record SearchSummary(
    string Algorithm,
    string EarlyStopping,
    int Trials,
    long TrialEpochs,
    long FullTrialEpochs,
    double TrialEpochFraction,
    SelectionMargin? Margin,
    SeedInterval? Interval,
    ImmutableArray<string> EdgeWarnings,
    ImmutableArray<SensitivityAxis> Sensitivity,
    ImmutableArray<StoppedTrial> Stopped)
{
    /// <summary>A winner within this fraction of a range's ends (in log space for a log axis) is at its edge.</summary>
    public const double EdgeFraction = 0.05;

    public static SearchSummary Of(SweepInfo sweep, SelectionResult selection)
    {
        var spec = sweep.Spec;
        var labels = Configuration.Labels(sweep.Trials.Select(t => Configuration.Of(t.Point)));
        var spent = sweep.Trials.Sum(t => (long)t.Epochs.Length);
        var full = (long)sweep.Trials.Length * spec.Epochs;
        // A plot per hyperparameter searched over a range or tried at more than three values: a grid of a handful of values
        // already reads in the table and the curves.
        var all = Axes(spec).Select(a => SensitivityOf(sweep, a)).Where(a => a.Points.Length > 0).ToList();
        var axes = all.Where(a => spec.Sweep.RangeOf(a.Axis) is not null || a.Points.Select(p => p.Value).Distinct().Count() > 3).ToImmutableArray();
        var stopped = sweep.Trials.Where(t => t.State == TrialState.Stopped)
            .Select(t => new StoppedTrial(t.TrialId, labels[Configuration.Of(t.Point)], t.Point.Seed, t.StoppedAt ?? t.Epochs.Length, t.Epochs.Length, t.Message))
            .OrderBy(s => s.StoppedAt).ThenBy(s => s.Label, StringComparer.Ordinal).ThenBy(s => s.Seed)
            .ToImmutableArray();
        return new SearchSummary(
            spec.Search.Algorithm.Keyword(),
            spec.EarlyStopping.Algorithm.Keyword(),
            sweep.Trials.Length,
            spent,
            full,
            full == 0 ? 0 : (double)spent / full,
            MarginOf(selection),
            IntervalOf(sweep, selection),
            [.. EdgeWarningsOf(sweep, selection, all)],
            axes,
            stopped);
    }

    private static SelectionMargin? MarginOf(SelectionResult selection)
    {
        if (selection.Scores.Length < 2)
        {
            return null;
        }
        var (winner, runnerUp) = (selection.Scores[0], selection.Scores[1]);
        var difference = Math.Abs(winner.Value - runnerUp.Value);
        return new SelectionMargin(runnerUp.Label, runnerUp.Value, difference, runnerUp.Value == 0 ? double.NaN : difference / Math.Abs(runnerUp.Value));
    }

    private static SeedInterval? IntervalOf(SweepInfo sweep, SelectionResult selection)
    {
        if (selection.Winner is not { } winner)
        {
            return null;
        }
        var seeds = sweep.Trials.Where(t => t.State == TrialState.Completed && Configuration.Of(t.Point) == winner.Configuration && t.Epochs.Length > 0).ToList();
        if (seeds.Count < 2)
        {
            return null;
        }
        var rule = sweep.Spec.Selection;
        var scores = seeds.Select(t => Selection.Select([t], rule).Winner!.Value).ToList();
        var mean = scores.Average();
        var sd = Math.Sqrt(scores.Sum(v => (v - mean) * (v - mean)) / (scores.Count - 1));
        var half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, scores.Count - 1, 0.975) * sd / Math.Sqrt(scores.Count);
        return new SeedInterval(scores.Count, mean, mean - half, mean + half);
    }

    /// <summary>The numeric axes the sweep varies, with their ends and whether they are logarithmic.</summary>
    private static IEnumerable<(string Axis, Func<TrialPoint, double?> Value, double Low, double High, bool Log)> Axes(SweepSpec spec)
    {
        var sweep = spec.Sweep;
        (string, Func<TrialPoint, double?>, double, double, bool)? Axis(string axis, IReadOnlyCollection<double> listed, Func<TrialPoint, double?> value)
        {
            if (sweep.RangeOf(axis) is { } range)
            {
                return (axis, value, range.Low, range.High, range.IsLog);
            }
            if (listed.Count < 2)
            {
                return null;
            }
            var (lo, hi) = (listed.Min(), listed.Max());
            return (axis, value, lo, hi, lo > 0 && hi / lo > 10);
        }
        var found = new List<(string, Func<TrialPoint, double?>, double, double, bool)?>
        {
            Axis("weight_decay", sweep.WeightDecay, p => p.WeightDecay),
            Axis("lr", sweep.Lr, p => p.Lr),
            Axis("momentum", sweep.Momentum, p => p.Momentum),
            Axis("batch_size", [.. sweep.BatchSize.Select(b => (double)b)], p => p.BatchSize),
        };
        var layers = sweep.Hidden.Length == 1 ? sweep.Hidden[0].Length : 0;
        for (var i = 0; i < layers; i++)
        {
            var at = i;
            found.Add(Axis($"hidden[{i}]", [], p => p.Hidden.Length > at ? p.Hidden[at] : null));
        }
        return found.OfType<(string, Func<TrialPoint, double?>, double, double, bool)>();
    }

    private static SensitivityAxis SensitivityOf(SweepInfo sweep, (string Axis, Func<TrialPoint, double?> Value, double Low, double High, bool Log) axis)
    {
        var metric = sweep.Spec.Selection.Metric;
        var points = sweep.Trials
            .Where(t => t.State is TrialState.Completed or TrialState.Stopped && t.Epochs.Length > 0 && axis.Value(t.Point) is not null)
            .Select(t => new SensitivityPoint(t.TrialId, axis.Value(t.Point)!.Value, t.Epochs[^1].Value(metric), t.Epochs.Length, t.State))
            .OrderBy(p => p.Value)
            .ToImmutableArray();
        return new SensitivityAxis(axis.Axis, axis.Log, axis.Low, axis.High, points);
    }

    private static IEnumerable<string> EdgeWarningsOf(SweepInfo sweep, SelectionResult selection, IEnumerable<SensitivityAxis> axes)
    {
        if (selection.Winner is not { } winner)
        {
            yield break;
        }
        var spec = sweep.Spec;
        // The winner's value on an axis is what its (completed) trials plotted there.
        var winners = sweep.Trials.Where(t => Configuration.Of(t.Point) == winner.Configuration).Select(t => t.TrialId).ToHashSet(StringComparer.Ordinal);
        foreach (var axis in axes)
        {
            var value = axis.Points.FirstOrDefault(p => winners.Contains(p.TrialId))?.Value;
            if (value is not { } v || axis.High <= axis.Low)
            {
                continue;
            }
            var listed = spec.Sweep.RangeOf(axis.Axis) is null;
            if (listed && axis.Points.Select(p => p.Value).Distinct().Count() < 3)
            {
                // Two listed values: every choice is at an edge, which says nothing.
                continue;
            }
            var t = axis.Log && axis.Low > 0 && v > 0
                ? (Math.Log(v) - Math.Log(axis.Low)) / (Math.Log(axis.High) - Math.Log(axis.Low))
                : (v - axis.Low) / (axis.High - axis.Low);
            var edge = listed ? (v <= axis.Low ? 0 : v >= axis.High ? 1 : 0.5) : t;
            if (edge <= EdgeFraction || edge >= 1 - EdgeFraction)
            {
                var side = edge <= EdgeFraction ? "low" : "high";
                var what = listed ? "listed values" : "searched range";
                yield return $"the chosen {axis.Axis} {Configuration.Short(v)} is at the {side} edge of its {what} [{Configuration.Short(axis.Low)}, {Configuration.Short(axis.High)}]: the best value may lie beyond it";
            }
        }
    }
}
