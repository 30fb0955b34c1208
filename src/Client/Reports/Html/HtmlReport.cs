using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports.Html;

/// <summary>
/// report.html: one self-contained page (no network needed, works from file:// and as an attachment) with the spec,
/// a sortable results table, the choice and its reason, the overfitting and never-learned notes, and interactive
/// learning curves. Everything is rendered from one <see cref="SweepResults"/>, the model of results.json: the
/// text and tables here, and the charts by the page's script from the same model embedded as JSON.
/// </summary>
public static class HtmlReport
{
    /// <summary>The id of the script element that carries the results model as JSON.</summary>
    public const string DataElementId = "sweep-data";

    /// <summary>The id of the script element that carries the chart styling shared with the PNG plots.</summary>
    public const string ConfigElementId = "report-config";

    private static readonly JsonSerializerOptions PageJson = new(TrainReport.Json) { WriteIndented = false, Encoder = JavaScriptEncoder.Default };

    /// <summary>The page.</summary>
    public static string Build(SweepResults results)
    {
        var html = new StringBuilder(64 * 1024);
        var name = results.Spec.Name;
        var completed = results.Trials.Count(t => t.State == TrialState.Completed);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // The page never needs the network; saying so in its policy also stops anything injected from reaching it.
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{E(name)} — SweepGrid report</title>\n");
        html.Append("<style>\n").Append(HtmlAssets.ForStyle(HtmlAssets.ChartStyle)).Append('\n')
            .Append(HtmlAssets.ForStyle(HtmlAssets.PageStyle)).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append($"<h1>{E(name)}</h1>\n");
        html.Append($"<p class=\"summary\">Sweep <code>{E(results.SweepId)}</code>: {E(results.State.ToString().ToLowerInvariant())}, ")
            .Append($"{completed} of {results.Trials.Length} trials completed.")
            .Append($" Submitted {E(Time(results.SubmittedAt))}{(results.FinishedAt is { } f ? $", finished {E(Time(f))}" : "")}.</p>\n");
        html.Append("<noscript><p class=\"note\">The interactive plots need JavaScript; the tables under each plot hold the same numbers.</p></noscript>\n");

        Spec(html, results);
        HtmlTables.Choice(html, results.Selection, TrialRow.OnlyDecayVaries(results.Trials) ? "weight decay" : "configuration");
        HtmlTables.Results(html, results.Trials);
        Search(html, results);
        HtmlPlots.Curves(html, results.Curves);
        Notes(html, "overfitting", "Overfitting", results.Overfitting.Select(n => (n.Label, $"{n.Text}; final train-test accuracy gap {N(n.FinalGap)}")),
            "No completed configuration to examine.");
        Notes(html, "never-learned", "Never learned", results.NeverLearned.Select(f => (f.Label, f.Reason)), "No configuration was flagged.");
        HtmlTables.Stopped(html, results.Search.Stopped);
        HtmlPlots.Sensitivity(html, results.Search.Sensitivity, results.Selection.Metric.Keyword());

        html.Append("</main>\n<footer>\n<p>Written by SweepGrid from the same results model as <code>results.json</code>. ");
        html.Append($"Charts drawn with uPlot {E(HtmlAssets.ChartVersion)} (MIT licence, in this file's source).</p>\n</footer>\n");
        html.Append($"<script type=\"application/json\" id=\"{DataElementId}\">").Append(DataJson(results)).Append("</script>\n");
        html.Append($"<script type=\"application/json\" id=\"{ConfigElementId}\">").Append(HtmlPlots.ConfigJson()).Append("</script>\n");
        html.Append("<!--\nuPlot ").Append(E(HtmlAssets.ChartVersion)).Append('\n').Append(HtmlAssets.ForComment(HtmlAssets.ChartLicence)).Append("-->\n");
        html.Append("<script>\n").Append(HtmlAssets.ForScript(HtmlAssets.ChartScript)).Append("\n</script>\n");
        html.Append("<script>\n").Append(HtmlAssets.ForScript(HtmlAssets.PageScript)).Append("\n</script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The results model as JSON for a script element. Spec names, labels and error messages are user input: the
    /// encoder writes every &lt;, &gt; and &amp; as a \u escape, so no text in it can close the element or open a
    /// comment, and JSON.parse reads the escapes back to the same characters.
    /// </summary>
    internal static string DataJson(SweepResults results) =>
        JsonSerializer.Serialize(results, PageJson)
            .Replace("<", "\\u003C", StringComparison.Ordinal)
            .Replace(">", "\\u003E", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);

    private static void Spec(StringBuilder html, SweepResults results)
    {
        html.Append("<section id=\"spec\">\n<h2>Spec</h2>\n<dl class=\"spec\">\n");
        foreach (var (key, value) in SpecSummary.Items(results.Spec, results.Selection))
        {
            html.Append($"<dt>{E(key)}</dt><dd>{E(value)}</dd>\n");
        }
        html.Append("</dl>\n</section>\n");
    }

    private static void Search(StringBuilder html, SweepResults results)
    {
        html.Append("<section id=\"search\">\n<h2>Search</h2>\n<ul>\n");
        foreach (var (warning, text) in SearchNotes.Lines(results.Search, results.Selection))
        {
            html.Append(warning ? $"<li class=\"warning\"><strong>Warning:</strong> {E(text)}</li>\n" : $"<li>{E(text)}</li>\n");
        }
        html.Append("</ul>\n</section>\n");
    }

    private static void Notes(StringBuilder html, string id, string title, IEnumerable<(string Label, string Text)> notes, string whenEmpty)
    {
        html.Append($"<section id=\"{id}\">\n<h2>{E(title)}</h2>\n");
        var list = notes.ToList();
        if (list.Count == 0)
        {
            html.Append($"<p>{E(whenEmpty)}</p>\n</section>\n");
            return;
        }
        html.Append("<ul>\n");
        foreach (var (label, text) in list)
        {
            html.Append($"<li><strong>{E(label)}</strong>: {E(text)}</li>\n");
        }
        html.Append("</ul>\n</section>\n");
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    internal static string E(string text) => System.Net.WebUtility.HtmlEncode(text);

    internal static string N(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The exact value, for sorting: what a table sorts by is the number results.json holds, not its rounding.</summary>
    internal static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
