using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Sweeps;
using static SweepGrid.Client.Reports.Html.HtmlReport;

namespace SweepGrid.Client.Reports.Html;

/// <summary>report.html's tables. Sortable ones carry each cell's exact value in data-sort.</summary>
internal static class HtmlTables
{
    public const string ResultsTableId = "results-table";

    public static void Choice(StringBuilder html, SelectionResult selection, string configurationHeader)
    {
        html.Append("<section id=\"choice\">\n<h2>Choice</h2>\n");
        html.Append($"<p class=\"choice\"><strong>Choice: {E(selection.Winner?.Label ?? "none")}</strong> — {E(selection.Reason)}.</p>\n");
        if (selection.Scores.Length > 0)
        {
            html.Append("<table class=\"sortable\" id=\"scores-table\">\n<caption>Every completed configuration scored by the rule, best first</caption>\n<thead><tr>");
            Header(html, "rank", number: true);
            Header(html, configurationHeader, number: false);
            Header(html, "seeds", number: true);
            Header(html, selection.Rule, number: true);
            Header(html, "scored epochs", number: true);
            Header(html, "gap", number: true);
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var s in selection.Scores)
            {
                var epochs = s.Epochs.Length == 1 ? $"{s.Epochs[0]}" : $"{s.Epochs[0]}–{s.Epochs[^1]}";
                html.Append("<tr>");
                Cell(html, s.Rank);
                Cell(html, s.Label);
                Cell(html, s.Seeds);
                Cell(html, s.Value);
                Cell(html, epochs, R(s.Epochs[0]));
                Cell(html, s.Gap);
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        if (selection.Excluded.Length > 0)
        {
            html.Append("<ul class=\"excluded\">\n");
            foreach (var e in selection.Excluded)
            {
                html.Append($"<li>{E(e)}</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");
    }

    public static void Results(StringBuilder html, IReadOnlyList<TrialInfo> trials)
    {
        html.Append("<section id=\"results\">\n<h2>Results</h2>\n");
        html.Append($"<div class=\"table-wrap\"><table class=\"sortable\" id=\"{ResultsTableId}\">\n<caption>Every trial at its last recorded epoch; ")
            .Append("select a column heading to sort by it</caption>\n<thead><tr>");
        Header(html, TrialRow.OnlyDecayVaries(trials) ? "weight decay" : "configuration", number: true);
        Header(html, "seed", number: true);
        Header(html, "status", number: false);
        Header(html, "epochs", number: true);
        Header(html, "final train acc", number: true);
        Header(html, "final test acc", number: true);
        Header(html, "final test loss", number: true);
        Header(html, "min test loss", number: true);
        Header(html, "@ epoch", number: true);
        Header(html, "gap", number: true);
        Header(html, "note", number: false);
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in TrialRow.Of(trials))
        {
            var t = row.Trial;
            html.Append($"<tr data-trial=\"{E(t.TrialId)}\">");
            // Configurations sort by what they are (weight decay first), not by the text of their label.
            Cell(html, row.Label, R(t.Point.WeightDecay), title: t.TrialId);
            Cell(html, t.Point.Seed);
            Cell(html, row.StateText);
            Cell(html, t.Epochs.Length);
            Cell(html, row.Last?.TrainAccuracy);
            Cell(html, row.Last?.TestAccuracy);
            Cell(html, row.Last?.TestLoss);
            Cell(html, row.BestTestLoss?.TestLoss);
            Cell(html, row.BestTestLoss?.Epoch);
            Cell(html, row.Gap);
            html.Append($"<td class=\"message\">{E(t.Message ?? "")}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n</section>\n");
    }

    /// <summary>Trials that early stopping ended, with when and why; nothing when there are none.</summary>
    public static void Stopped(StringBuilder html, ImmutableArray<StoppedTrial> stopped)
    {
        if (stopped.IsDefaultOrEmpty)
        {
            return;
        }
        html.Append("<section id=\"stopped\">\n<h2>Stopped trials</h2>\n");
        html.Append("<table class=\"sortable\" id=\"stopped-table\">\n<caption>Trials early stopping ended at a decision epoch</caption>\n<thead><tr>");
        Header(html, "configuration", number: false);
        Header(html, "seed", number: true);
        Header(html, "stopped at epoch", number: true);
        Header(html, "epochs trained", number: true);
        Header(html, "reason", number: false);
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var s in stopped)
        {
            html.Append($"<tr data-trial=\"{E(s.TrialId)}\">");
            Cell(html, s.Label, title: s.TrialId);
            Cell(html, s.Seed);
            Cell(html, s.StoppedAt);
            Cell(html, s.Epochs);
            html.Append($"<td class=\"message\">{E(s.Reason ?? "")}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>
    /// A column heading; in a sortable table its button sorts the rows (see report.js), by number when the cells'
    /// data-sort values are numbers (a configuration's is its weight decay).
    /// </summary>
    public static void Header(StringBuilder html, string text, bool number) =>
        html.Append($"<th scope=\"col\" data-type=\"{(number ? "number" : "text")}\"><button type=\"button\">{E(text)}</button></th>");

    private static void Cell(StringBuilder html, string text, string? sort = null, string? title = null)
    {
        var attributes = (sort is null ? "" : $" data-sort=\"{E(sort)}\"") + (title is null ? "" : $" title=\"{E(title)}\"");
        html.Append($"<td{attributes}>{E(text)}</td>");
    }

    private static void Cell(StringBuilder html, double? value)
    {
        if (value is not { } v)
        {
            html.Append("<td class=\"num\" data-sort=\"\">–</td>");
            return;
        }
        html.Append($"<td class=\"num\" data-sort=\"{R(v)}\">{E(N(v))}</td>");
    }

    private static void Cell(StringBuilder html, long? value)
    {
        if (value is not { } v)
        {
            html.Append("<td class=\"num\" data-sort=\"\">–</td>");
            return;
        }
        html.Append($"<td class=\"num\" data-sort=\"{v.ToString(CultureInfo.InvariantCulture)}\">{v.ToString(CultureInfo.InvariantCulture)}</td>");
    }
}
