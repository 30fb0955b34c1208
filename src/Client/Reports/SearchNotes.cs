using System.Globalization;
using SweepGrid.Client.Analysis;

namespace SweepGrid.Client.Reports;

/// <summary>What the reports say about a search beyond the winner, worded once for report.md and report.html.</summary>
internal static class SearchNotes
{
    /// <summary>The margin, the seed interval, edge warnings (flagged) and, with <paramref name="budget"/>, the compute spent, in that order.</summary>
    public static IReadOnlyList<(bool Warning, string Text)> Lines(SearchSummary search, SelectionResult selection, bool budget = true)
    {
        var lines = new List<(bool, string)>();
        if (search.Margin is { } m)
        {
            lines.Add((false, $"Margin over the runner-up ({m.RunnerUp}, {N(m.RunnerUpValue)}): {N(m.Difference)} {selection.Metric.Words()}" +
                (double.IsNaN(m.Relative) ? "" : $" ({m.Relative.ToString("P1", CultureInfo.InvariantCulture)})")));
        }
        if (search.Interval is { } i)
        {
            lines.Add((false, $"Over its {i.Seeds} seeds the choice scores {N(i.Mean)}, 95% interval [{N(i.Low)}, {N(i.High)}] (Student t)"));
        }
        lines.AddRange(search.EdgeWarnings.Select(w => (true, w)));
        if (!budget)
        {
            return lines;
        }
        lines.Add((false, $"Trial-epochs trained: {search.TrialEpochs.ToString("N0", CultureInfo.InvariantCulture)} of " +
            $"{search.FullTrialEpochs.ToString("N0", CultureInfo.InvariantCulture)} for every trial to its last epoch " +
            $"({search.TrialEpochFraction.ToString("P1", CultureInfo.InvariantCulture)})"));
        return lines;
    }

    private static string N(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
