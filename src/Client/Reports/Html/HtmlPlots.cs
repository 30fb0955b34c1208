using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using static SweepGrid.Client.Reports.Html.HtmlReport;

namespace SweepGrid.Client.Reports.Html;

/// <summary>
/// The plot sections of report.html: a container per chart for the page's script to draw into, the sentence that
/// says what it shows, and the same numbers as a table for readers who cannot see the chart.
/// </summary>
internal static class HtmlPlots
{
    /// <summary>The learning-curve charts: id, title, the metric of each split, and whether values lie in 0..1.</summary>
    public static readonly IReadOnlyList<(string Id, string Title, Metric Train, Metric Test, bool UnitRange)> Charts =
    [
        ("accuracy", "Accuracy", Metric.TrainAccuracy, Metric.TestAccuracy, true),
        ("loss", "Loss", Metric.TrainLoss, Metric.TestLoss, false),
    ];

    public static void Curves(StringBuilder html, ImmutableArray<ConfigurationCurve> curves)
    {
        html.Append("<section id=\"curves\">\n<h2>Learning curves</h2>\n");
        if (curves.IsDefaultOrEmpty)
        {
            html.Append("<p>No epochs recorded yet.</p>\n</section>\n");
            return;
        }
        var several = curves.Any(c => c.SeedCount > 1);
        foreach (var (id, title, train, test, _) in Charts)
        {
            var what = title.ToLowerInvariant();
            html.Append($"<figure class=\"plot\" id=\"plot-{id}\">\n<figcaption id=\"caption-{id}\"><strong>{title} per epoch.</strong> ");
            html.Append($"Train {what} (dashed, thin line) and test {what} (solid, thick line) of each configuration, one colour per configuration");
            html.Append(several ? "; mean over seeds, with a shaded band of ± one standard deviation" : "");
            html.Append(". Hover over the chart to read every line's value at an epoch in the legend; select a legend entry to hide or show its line. ");
            html.Append("At the last epoch: ");
            html.Append(string.Join("; ", curves.Select(c => $"{E(c.Label)} test {E(N(c.Epochs[^1].Of(test).Mean))}, train {E(N(c.Epochs[^1].Of(train).Mean))}")));
            html.Append(".</figcaption>\n");
            html.Append($"<div class=\"chart\" data-chart=\"{id}\" aria-describedby=\"caption-{id}\"></div>\n");
            DataTable(html, id, title, curves, train, test);
            html.Append("</figure>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>The chart's numbers, per epoch and line, folded away under the chart.</summary>
    private static void DataTable(StringBuilder html, string id, string title, ImmutableArray<ConfigurationCurve> curves, Metric train, Metric test)
    {
        html.Append($"<details>\n<summary>{title} per epoch as a table</summary>\n<div class=\"table-wrap\"><table class=\"data\" id=\"data-{id}\">\n<thead><tr><th scope=\"col\">epoch</th>");
        foreach (var c in curves)
        {
            html.Append($"<th scope=\"col\">{E(c.Label)} train</th><th scope=\"col\">{E(c.Label)} test</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        var epochs = curves.SelectMany(c => c.Epochs.Select(e => e.Epoch)).Distinct().Order();
        var byEpoch = curves.Select(c => c.Epochs.ToDictionary(e => e.Epoch)).ToList();
        foreach (var epoch in epochs)
        {
            html.Append($"<tr><th scope=\"row\">{epoch}</th>");
            foreach (var (curve, rows) in curves.Zip(byEpoch))
            {
                foreach (var metric in new[] { train, test })
                {
                    html.Append("<td>");
                    if (rows.TryGetValue(epoch, out var e))
                    {
                        var s = e.Of(metric);
                        html.Append(E(N(s.Mean))).Append(curve.SeedCount > 1 ? $" ± {E(N(s.Std))}" : "");
                    }
                    html.Append("</td>");
                }
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n</details>\n");
    }

    /// <summary>One scatter chart per searched hyperparameter; nothing for a sweep without sensitivity data.</summary>
    public static void Sensitivity(StringBuilder html, ImmutableArray<SensitivityAxis> axes, string metric)
    {
        if (axes.IsDefaultOrEmpty)
        {
            return;
        }
        html.Append("<section id=\"sensitivity\">\n<h2>Sensitivity</h2>\n");
        for (var i = 0; i < axes.Length; i++)
        {
            var a = axes[i];
            html.Append($"<figure class=\"plot\" id=\"plot-sensitivity-{i}\">\n<figcaption id=\"caption-sensitivity-{i}\"><strong>{E(metric)} against {E(a.Axis)}.</strong> ");
            html.Append($"One point per trial at its last epoch{(a.Log ? ", on a log axis" : "")}; filled: completed, open: stopped early. Hover over a point to read its values.</figcaption>\n");
            html.Append($"<div class=\"chart\" data-sensitivity=\"{i}\" aria-describedby=\"caption-sensitivity-{i}\"></div>\n");
            html.Append($"<details>\n<summary>The points as a table</summary>\n<table class=\"data\">\n<thead><tr><th scope=\"col\">trial</th><th scope=\"col\">{E(a.Axis)}</th><th scope=\"col\">{E(metric)}</th><th scope=\"col\">epochs</th><th scope=\"col\">state</th></tr></thead>\n<tbody>\n");
            foreach (var p in a.Points.OrderBy(p => p.Value))
            {
                html.Append($"<tr><td>{E(p.TrialId)}</td><td>{E(R(p.Value))}</td><td>{E(N(p.Metric))}</td><td>{p.Epochs}</td><td>{E(p.State.Name())}</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n</details>\n</figure>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>
    /// What the page's script needs besides the data: the PNG plots' colours and line styles (so both say the same
    /// thing the same way) and, per chart, which metrics of a curve it draws.
    /// </summary>
    public static string ConfigJson() => JsonSerializer.Serialize(new
    {
        colors = Enumerable.Range(0, 10).Select(i => "#" + CurvePlots.ColorOf(i).ToHex()[1..7]).ToArray(),
        train_dash = CurvePlots.TrainDash,
        train_width = CurvePlots.TrainLineWidth,
        test_width = CurvePlots.TestLineWidth,
        charts = Charts.Select(c => new { id = c.Id, title = c.Title, train = c.Train.Keyword(), test = c.Test.Keyword(), unit_range = c.UnitRange }),
    });
}
