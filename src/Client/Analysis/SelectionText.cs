using System.Collections.Immutable;
using System.Globalization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>The words of a selection: its rule and the one-sentence reason for the winner.</summary>
internal static class SelectionText
{
    public static string Rule(Metric metric, bool max, SelectionSpec rule)
    {
        var scope = rule.Scope switch
        {
            SelectionScope.Best => "at its best epoch",
            SelectionScope.MeanLastK => $"averaged over the last {rule.LastK} epochs",
            SelectionScope.Last => "at the last epoch",
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Scope, null),
        };
        return $"{(max ? "highest" : "lowest")} {metric.Words()} {scope}";
    }

    /// <summary>
    /// Names the rule and the numbers that decided it: the scores when they differ; when the winner ties the
    /// runner-up, the gaps; when the gaps tie too, the weight decays.
    /// </summary>
    public static string Reason(ImmutableArray<ConfigurationScore> ranked, bool max, string rule, bool atBestEpoch)
    {
        var winner = ranked[0];
        var subject = $"weight decay {winner.Label}";
        if (ranked.Length == 1)
        {
            return $"{subject} is the only configuration that completed ({rule}: {Value(winner, atBestEpoch)})";
        }
        var runnerUp = ranked[1];
        if (!Selection.Ties(winner.Value, runnerUp.Value))
        {
            var others = ranked.Skip(1).Select(s => $"{Value(s, atBestEpoch)} for {s.Label}");
            return $"{subject} has the {rule} ({Value(winner, atBestEpoch)} vs {Join(others)})";
        }
        var tied = ranked.Skip(1).Where(s => Selection.Ties(s.Value, winner.Value)).ToList();
        var tiedOn = $"{subject} ties {Join(tied.Select(s => s.Label))} on the {rule} ({Value(winner, atBestEpoch)})";
        if (!Selection.Ties(winner.Gap, runnerUp.Gap))
        {
            var gaps = tied.Select(s => $"{Number(s.Gap)} for {s.Label}");
            return $"{tiedOn} and has the smaller train-test accuracy gap ({Number(winner.Gap)} vs {Join(gaps)})";
        }
        var sameGap = tied.Where(s => Selection.Ties(s.Gap, winner.Gap)).Select(s => s.Label);
        return $"{tiedOn} and ties {Join(sameGap)} on the train-test accuracy gap ({Number(winner.Gap)}), so the larger weight decay wins";
    }

    public static string NoWinner(IReadOnlyList<TrialInfo> trials)
    {
        if (trials.Count == 0)
        {
            return "the sweep has no trials, so there is no winner";
        }
        var counts = trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}");
        return $"no trial completed ({Join(counts)}), so there is no winner";
    }

    public static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Value(ConfigurationScore score, bool atBestEpoch) =>
        atBestEpoch ? $"{Number(score.Value)} at epoch {score.Epochs[0]}" : Number(score.Value);

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
