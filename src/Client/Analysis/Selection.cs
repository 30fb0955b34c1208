using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// Chooses a configuration by the sweep's <see cref="SelectionSpec"/>. Only completed trials count: a diverged or
/// failed trial has no trustworthy final metrics, so it is left out with a note. Each configuration is scored on
/// its seed-mean curve (epochs every completed seed recorded):
/// <list type="bullet">
/// <item><c>last</c>: the metric at the last epoch;</item>
/// <item><c>best</c>: the best value over epochs (max or min per mode; the earliest epoch on equal values);</item>
/// <item><c>mean_last_k</c>: the mean over the last k epochs (all of them when fewer than k).</item>
/// </list>
/// Scores within <see cref="TieTolerance"/> of each other tie. A tie goes to the smaller generalisation gap
/// |train accuracy − test accuracy| at the scored epoch(s) (same tolerance), then to the larger weight decay,
/// the stronger regulariser, which is the safer bet when the evidence cannot tell the two apart.
/// </summary>
public static class Selection
{
    /// <summary>
    /// Absolute tolerance under which two scores (or two gaps) count as equal. Metrics are losses and accuracies of
    /// order 0.01–10 printed to 4 decimals, so 1e-9 only absorbs floating-point noise from averaging, never a real
    /// difference.
    /// </summary>
    public const double TieTolerance = 1e-9;

    /// <summary>Applies the sweep's own selection rule to its trials.</summary>
    public static SelectionResult Select(SweepInfo sweep) => Select(sweep.Trials, sweep.Spec.Selection);

    /// <summary>Applies <paramref name="rule"/> to <paramref name="trials"/>.</summary>
    public static SelectionResult Select(IEnumerable<TrialInfo> trials, SelectionSpec rule)
    {
        var all = trials.ToList();
        var metric = rule.Metric;
        var max = rule.Mode == SelectionGoal.Max;
        var labels = Configuration.Labels(all.Select(t => Configuration.Of(t.Point)));
        var stopped = all.Count(t => t.State == TrialState.Stopped);
        var excluded = all.Where(t => t.State is not (TrialState.Completed or TrialState.Stopped))
            .Select(t => ExclusionNote(t, labels[Configuration.Of(t.Point)]))
            .Concat(stopped == 0 ? [] : [$"{stopped} trial{(stopped == 1 ? "" : "s")} stopped early by the sweep's early-stopping rule; excluded from selection (only trials trained to the last epoch compete)"])
            .ToImmutableArray();
        var curves = SeedAggregation.Aggregate(all.Where(t => t.State == TrialState.Completed))
            .Where(c => c.Epochs.Length > 0)
            .Select(c => c with { Label = labels[c.Configuration] });
        var unranked = curves.Select(c => Score(c, metric, max, rule)).ToList();
        var ranked = Rank(unranked, max);
        var ruleText = SelectionText.Rule(metric, max, rule);
        var reason = ranked.Length == 0
            ? SelectionText.NoWinner(all)
            : SelectionText.Reason(ranked, max, ruleText, rule.Scope == SelectionScope.Best);
        return new SelectionResult(rule.Metric, rule.Mode, rule.Scope, rule.LastK, ruleText,
            ranked.Length == 0 ? null : ranked[0], ranked, reason, excluded);
    }

    /// <summary>Whether <paramref name="a"/> beats <paramref name="b"/>: score, then smaller gap, then larger decay.</summary>
    internal static bool Beats(ConfigurationScore a, ConfigurationScore b, bool max)
    {
        if (double.IsNaN(a.Value) != double.IsNaN(b.Value))
        {
            return double.IsNaN(b.Value);
        }
        if (!Ties(a.Value, b.Value))
        {
            return max ? a.Value > b.Value : a.Value < b.Value;
        }
        if (!Ties(a.Gap, b.Gap))
        {
            return a.Gap < b.Gap;
        }
        return a.Configuration.WeightDecay > b.Configuration.WeightDecay;
    }

    internal static bool Ties(double a, double b) => Math.Abs(a - b) <= TieTolerance || (double.IsNaN(a) && double.IsNaN(b));

    private static ConfigurationScore Score(ConfigurationCurve curve, Metric metric, bool max, SelectionSpec rule)
    {
        var epochs = curve.Epochs;
        IReadOnlyList<EpochAggregate> scored = rule.Scope switch
        {
            // MaxBy/MinBy keep the first of equal values: the earliest epoch reached that score.
            SelectionScope.Best => [max ? epochs.MaxBy(e => e.Of(metric).Mean)! : epochs.MinBy(e => e.Of(metric).Mean)!],
            SelectionScope.MeanLastK => epochs[Math.Max(0, epochs.Length - rule.LastK)..],
            SelectionScope.Last => [epochs[^1]],
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Scope, null),
        };
        return new ConfigurationScore(0, curve.Configuration, curve.Label, curve.SeedCount,
            scored.Average(e => e.Of(metric).Mean), [.. scored.Select(e => e.Epoch)], scored.Average(e => e.Gap));
    }

    /// <summary>
    /// Ranks by repeatedly taking the best remaining score. A sort would need a transitive comparer, which a
    /// tolerance-based tie is not; with a handful of configurations the quadratic scan costs nothing.
    /// </summary>
    private static ImmutableArray<ConfigurationScore> Rank(List<ConfigurationScore> scores, bool max)
    {
        var remaining = new List<ConfigurationScore>(scores);
        var ranked = ImmutableArray.CreateBuilder<ConfigurationScore>(scores.Count);
        while (remaining.Count > 0)
        {
            var best = remaining.Aggregate((b, s) => Beats(s, b, max) ? s : b);
            remaining.Remove(best);
            ranked.Add(best with { Rank = ranked.Count + 1 });
        }
        return ranked.MoveToImmutable();
    }

    private static string ExclusionNote(TrialInfo trial, string label)
    {
        var why = string.IsNullOrWhiteSpace(trial.Message) ? "" : $": {trial.Message}";
        return $"{label} seed {trial.Point.Seed} ({trial.TrialId}) {trial.State.Name()}{why}; excluded from selection";
    }
}
