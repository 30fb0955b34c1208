using System.Text.Json;
using System.Text.RegularExpressions;
using SweepGrid.Client;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Reports;
using SweepGrid.Client.Reports.Html;
using SweepGrid.Contracts.Sweeps;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Reports;

public sealed partial class HtmlReportTests
{
    private const string Hostile = "</script><script>alert(1)</script><!-- & </SCRIPT >";

    private static SweepResults ResultsOf(SweepInfo sweep) => SweepResults.Of(sweep, SweepAnalysis.Of(sweep));

    private static string Html(SweepInfo sweep) => HtmlReport.Build(ResultsOf(sweep));

    /// <summary>The JSON inside the page's data element, read back as a browser would (up to the first closing tag).</summary>
    private static JsonElement EmbeddedData(string html)
    {
        var match = DataElement().Match(html);
        Assert.True(match.Success, "no data element in the page");
        return JsonDocument.Parse(match.Groups["json"].Value).RootElement;
    }

    private static SweepInfo WithHostileMessage()
    {
        var reference = Reference();
        var failed = Trial(5e-3, 1, [Epoch(1, 0.9, 0.7, 0.8, 0.72)], TrialState.Failed, message: Hostile);
        return reference with { Trials = reference.Trials.Add(failed) };
    }

    [Fact]
    public void User_text_cannot_close_the_data_element_or_open_markup()
    {
        var html = Html(WithHostileMessage());

        // Exactly the page's own four script elements open and close; the message stays inert text.
        Assert.Equal(4, ScriptOpen().Matches(html).Count);
        Assert.Equal(4, ScriptClose().Matches(html).Count);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &amp; &lt;/SCRIPT &gt;", html);
        var trial = EmbeddedData(html).GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("state").GetString() == "failed");
        Assert.Equal(Hostile, trial.GetProperty("message").GetString());
    }

    [Fact]
    public void Inline_scripts_and_styles_cannot_end_their_element_early()
    {
        Assert.Equal("var s = '<\\/script>' + \"<\\/SCRIPT\" + '\\x3C!--';", HtmlAssets.ForScript("var s = '</script>' + \"</SCRIPT\" + '<!--';"));
        Assert.Equal("a::after { content: \"<\\/style>\"; }", HtmlAssets.ForStyle("a::after { content: \"</style>\"; }"));
        Assert.DoesNotContain("--", HtmlAssets.ForComment("licence -- text ----> end"));
    }

    [Fact]
    public void The_embedded_data_is_the_results_json_model()
    {
        var results = ResultsOf(WithHostileMessage());

        var embedded = EmbeddedData(HtmlReport.Build(results));
        var json = JsonDocument.Parse(JsonSerializer.Serialize(results, TrainReport.Json)).RootElement;

        Assert.True(JsonElement.DeepEquals(json, embedded), "the page's data differ from results.json");
    }

    [Fact]
    public void Every_trial_has_a_row_in_the_results_table_with_its_exact_values_to_sort_by()
    {
        var sweep = WithHostileMessage();
        var html = Html(sweep);

        var table = ResultsTable().Match(html).Value;
        var rows = TrialRowElement().Matches(table).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(sweep.Trials.Select(t => t.TrialId).Order(), rows.Order());
        var medium = sweep.Trials.Single(t => t.Point.WeightDecay == 5e-4).Epochs[^1];
        Assert.Contains($"data-sort=\"{medium.TestAccuracy:R}\">{medium.TestAccuracy:F4}</td>", table);
        Assert.Equal(11, HeaderButton().Matches(table).Count);
    }

    [Fact]
    public void Curves_have_two_series_per_plotted_configuration_and_a_table_of_the_same_numbers()
    {
        var sweep = WithHostileMessage();
        var html = Html(sweep);
        var data = EmbeddedData(html);

        // The failed trial is not plotted: three configurations, each a train and a test line per chart.
        var curves = data.GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal(["5e-6", "5e-4", "5e-2"], curves.Select(c => c.GetProperty("label").GetString()));
        Assert.All(curves, c => Assert.Equal(ReferenceEpochs, c.GetProperty("epochs").GetArrayLength()));
        Assert.Contains("data-chart=\"accuracy\"", html);
        Assert.Contains("data-chart=\"loss\"", html);
        var accuracyTable = DataTable("accuracy").Match(html).Value;
        Assert.Equal(1 + 2 * curves.Count, Regex.Matches(accuracyTable.Split("</thead>")[0], "<th ").Count);
        Assert.Equal(ReferenceEpochs, Regex.Matches(accuracyTable, "<th scope=\"row\">").Count);
        Assert.Contains("Train accuracy (dashed, thin line) and test accuracy (solid, thick line)", html);
    }

    [Fact]
    public void Several_seeds_show_mean_and_std_in_the_data_table_and_the_caption_mentions_the_band()
    {
        var sweep = Sweep(NewSpec(seeds: [1, 2]), MediumDecay(1), MediumDecay(2) with
        {
            TrialId = "t-5e-4-2-relu",
            Epochs = [.. MediumDecay(2).Epochs.Select(e => e with { TestAccuracy = e.TestAccuracy + 0.01 })],
        });

        var html = Html(sweep);

        var curve = EmbeddedData(html).GetProperty("curves")[0];
        Assert.Equal(2, curve.GetProperty("seed_count").GetInt32());
        Assert.Contains("shaded band of ± one standard deviation", html);
        var first = curve.GetProperty("epochs")[0].GetProperty("test_accuracy");
        Assert.Contains($"{first.GetProperty("mean").GetDouble():F4} ± {first.GetProperty("std").GetDouble():F4}", DataTable("accuracy").Match(html).Value);
    }

    [Fact]
    public void Choice_notes_and_spec_are_in_the_page()
    {
        var results = ResultsOf(Reference());
        var html = HtmlReport.Build(results);

        Assert.Contains($"<strong>Choice: 5e-4</strong> — {System.Net.WebUtility.HtmlEncode(results.Selection.Reason)}.", html);
        Assert.Contains("<strong>5e-6</strong>: test loss rises after epoch 20: +0.08 by epoch 40", html);
        Assert.Contains("<strong>5e-2</strong>: final test accuracy 0.1180 is within 0.05 of chance", html);
        Assert.Contains("<dt>Swept</dt><dd>weight decay 5e-2, 5e-4, 5e-6; seeds 1</dd>", html);
    }

    [Fact]
    public void The_page_needs_no_network_and_carries_the_chart_library_and_its_licence()
    {
        var html = Html(Reference());

        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("/*! https://github.com/leeoniya/uPlot (v1.6.32) */", html);
        Assert.Contains("Copyright (c) 2022 Leon Sorokin", html);
        Assert.Contains("window.sweepgridReport", html);
    }

    [Fact]
    public void Stopped_and_sensitivity_sections_appear_only_when_the_model_has_them()
    {
        var plain = Html(Reference());
        Assert.DoesNotContain("id=\"stopped\"", plain);
        Assert.DoesNotContain("id=\"sensitivity\"", plain);
        Assert.Equal(0, EmbeddedData(plain).GetProperty("search").GetProperty("sensitivity").GetArrayLength());

        var results = ResultsOf(Reference());
        var searched = results with
        {
            Search = results.Search with
            {
                Sensitivity = [new SensitivityAxis("weight_decay", true, 5e-6, 5e-2,
                    [.. results.Trials.Select(t => new SensitivityPoint(t.TrialId, t.Point.WeightDecay, t.Epochs[^1].TestLoss, t.Epochs.Length, t.State))])],
                Stopped = [new StoppedTrial("t-5e-2-1-relu", "5e-2", 1, 9, 9, Hostile)],
            },
        };
        var html = HtmlReport.Build(searched);

        Assert.Contains("id=\"sensitivity\"", html);
        Assert.Contains("data-sensitivity=\"0\"", html);
        Assert.Contains("<strong>test_loss against weight_decay.</strong>", html);
        Assert.Equal(3, EmbeddedData(html).GetProperty("search").GetProperty("sensitivity")[0].GetProperty("points").GetArrayLength());
        var stopped = Regex.Match(html, "<section id=\"stopped\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("<tr data-trial=\"t-5e-2-1-relu\"><td title=\"t-5e-2-1-relu\">5e-2</td>", stopped);
        Assert.Contains("data-sort=\"9\">9</td>", stopped);
        Assert.DoesNotContain("<script>alert", stopped);
    }

    [Fact]
    public void Report_md_links_the_html_report()
    {
        var sweep = Reference();

        Assert.Contains("[report.html](report.html)", ReportMarkdown.Build(sweep, SweepAnalysis.Of(sweep)));
    }

    private static Regex DataTable(string id) => new($"<table class=\"data\" id=\"data-{id}\">.*?</table>", RegexOptions.Singleline);

    [GeneratedRegex("<script type=\"application/json\" id=\"sweep-data\">(?<json>.*?)</script", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex DataElement();

    [GeneratedRegex("<script[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpen();

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptClose();

    [GeneratedRegex("<table class=\"sortable\" id=\"results-table\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex ResultsTable();

    [GeneratedRegex("<tr data-trial=\"(?<id>[^\"]+)\">")]
    private static partial Regex TrialRowElement();

    [GeneratedRegex("<th scope=\"col\" data-type=\"[a-z]+\"><button type=\"button\">")]
    private static partial Regex HeaderButton();

    [GeneratedRegex("(src|href)\\s*=\\s*\"?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
