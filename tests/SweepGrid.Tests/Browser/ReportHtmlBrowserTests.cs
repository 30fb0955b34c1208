using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli.Testing;
using SweepGrid.Client;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Reports;
using SweepGrid.Client.Reports.Html;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using SweepGrid.Tests.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.Browser;

/// <summary>
/// The report of a real run (embedded silo, training on the MNIST subset, two seeds so the charts have bands), opened
/// in headless chromium from a file:// URL with the network cut off, used as a person would: hover, legend, sort.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class ReportHtmlBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const int Epochs = 3;
    private static readonly string[] Decays = ["5e-2", "5e-4", "5e-6"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-report-html-").FullName;

    /// <summary>Where the screenshot (and the page and results it shows) are kept after the run.</summary>
    public static string ArtifactDirectory => RepositoryLayout.PathOf("TestResults", "report-html");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string RunSweep()
    {
        var spec = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(spec, $$"""
            name: report-html-browser
            data: { dataset: mnist, dir: {{TestData.Root}} }
            model: { hidden: [64], activation: relu }
            optimizer: { lr: 0.05, momentum: 0.9 }
            sweep: { weight_decay: [{{string.Join(", ", Decays)}}], seeds: [1, 2] }
            epochs: {{Epochs}}
            batch_size: 64
            resources: { device: cpu, max_failures: 1 }
            """);
        var runDir = Path.Combine(_dir, "run");
        var tester = new CommandAppTester();
        tester.Configure(CliApp.Configure);
        var result = tester.Run("run", spec, "--run-dir", runDir);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output);
        return runDir;
    }

    [Fact]
    public async Task The_report_of_a_real_run_works_in_a_browser_without_network()
    {
        var runDir = RunSweep();
        var page = Path.Combine(runDir, RunOutputs.ReportHtml);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, RunOutputs.ResultsJson)));
        var curves = results.RootElement.GetProperty("curves").EnumerateArray().ToList();
        Assert.Equal(Decays.Order(), curves.Select(c => c.GetProperty("label").GetString()).Order());

        await using var browser = await HeadlessChromium.StartAsync();
        var tab = await BrowserPage.OpenAsync(browser, 1280, 900);
        await tab.NavigateAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForAsync("!!(window.sweepgridReport && sweepgridReport.charts.accuracy && sweepgridReport.charts.loss)", "both charts drawn");

        foreach (var chart in new[] { "accuracy", "loss" })
        {
            await Rendered(tab, chart, curves.Count);
            await Hovering_shows_the_epochs_values_from_results_json(tab, chart, results.RootElement, epoch: 2);
        }
        await Toggling_a_legend_entry_hides_its_line(tab);
        await Sorting_orders_rows_by_the_column(tab, results.RootElement);

        // The picture a person would see: the legend showing the last epoch's values.
        await Hover(tab, "accuracy", Epochs);
        Directory.CreateDirectory(ArtifactDirectory);
        var screenshot = Path.Combine(ArtifactDirectory, "report.png");
        await File.WriteAllBytesAsync(Path.Combine(ArtifactDirectory, "accuracy.png"), await tab.ScreenshotAsync("#plot-accuracy"));
        // Capturing the whole page resizes the viewport for a moment, which can end the hover: point at the epoch again.
        await Hover(tab, "accuracy", Epochs);
        await File.WriteAllBytesAsync(screenshot, await tab.ScreenshotAsync());
        File.Copy(page, Path.Combine(ArtifactDirectory, RunOutputs.ReportHtml), overwrite: true);
        File.Copy(Path.Combine(runDir, RunOutputs.ResultsJson), Path.Combine(ArtifactDirectory, RunOutputs.ResultsJson), overwrite: true);
        output.WriteLine($"screenshot: {screenshot}; report.html {new FileInfo(page).Length:N0} bytes");

        Assert.Empty(tab.Errors);
        Assert.Empty(tab.Blocked);
        Assert.Contains(new Uri(page).AbsoluteUri, tab.Requests);

        await A_searched_sweep_gets_a_sensitivity_chart(tab, runDir);
        Assert.Empty(tab.Errors);
        Assert.Empty(tab.Blocked);
        Assert.All(tab.Requests, url => Assert.True(BrowserPage.IsLocal(url), $"the page requested {url}"));
    }

    /// <summary>The same run's page with sensitivity data, as a search will add: one scatter with completed and stopped points.</summary>
    private async Task A_searched_sweep_gets_a_sensitivity_chart(BrowserPage tab, string runDir)
    {
        var sweep = RunOutputs.ReadResults(Path.Combine(runDir, RunOutputs.ResultsJson));
        var plain = SweepResults.Of(sweep, SweepAnalysis.Of(sweep));
        var results = plain with
        {
            Search = plain.Search with
            {
                Sensitivity = [new SensitivityAxis("weight_decay", Log: true, 5e-6, 5e-2,
                    [.. sweep.Trials.Select((t, i) => new SensitivityPoint(t.TrialId, t.Point.WeightDecay, t.Epochs[^1].TestLoss, t.Epochs.Length, i == 0 ? TrialState.Stopped : t.State))])],
            },
        };
        var page = Path.Combine(_dir, "searched.html");
        File.WriteAllText(page, HtmlReport.Build(results));

        await tab.NavigateAsync(new Uri(page).AbsoluteUri);
        await tab.WaitForAsync("!!(window.sweepgridReport && sweepgridReport.sensitivity.length === 1)", "the sensitivity chart drawn");

        var state = await tab.EvaluateAsync("""
            (() => { const u = sweepgridReport.sensitivity[0];
                     return { series: u.series.length - 1, points: u.data[1].filter(v => v != null).length + u.data[2].filter(v => v != null).length,
                              width: u.root.querySelector('canvas').width }; })()
            """);
        Assert.Equal(2, state.GetProperty("series").GetInt32());
        Assert.Equal(sweep.Trials.Length, state.GetProperty("points").GetInt32());
        Assert.True(state.GetProperty("width").GetInt32() > 300, state.ToString());
        output.WriteLine($"sensitivity page: {new FileInfo(page).Length:N0} bytes");
    }

    private static string Chart(string id) => $"sweepgridReport.charts.{id}";

    /// <summary>A canvas drawn with two series per configuration, each configuration's colour present in it.</summary>
    private static async Task Rendered(BrowserPage tab, string chart, int configurations)
    {
        var state = await tab.EvaluateAsync($$"""
            (() => {
              const u = {{Chart(chart)}};
              const canvas = u.root.querySelector('canvas');
              return { series: u.series.length - 1, legend: u.root.querySelectorAll('.u-legend .u-series').length - 1,
                       width: canvas.width, height: canvas.height, dashed: u.series.filter(s => s.dash && s.dash.length).length };
            })()
            """);
        Assert.Equal(2 * configurations, state.GetProperty("series").GetInt32());
        Assert.Equal(2 * configurations, state.GetProperty("legend").GetInt32());
        Assert.Equal(configurations, state.GetProperty("dashed").GetInt32());
        Assert.True(state.GetProperty("width").GetInt32() > 300 && state.GetProperty("height").GetInt32() > 200, $"{chart} canvas: {state}");
        for (var c = 0; c < configurations; c++)
        {
            Assert.True(await PixelsOfColour(tab, chart, c) > 100, $"{chart}: configuration {c}'s colour is not drawn");
        }
    }

    /// <summary>Opaque canvas pixels within a small distance of a configuration's colour (lines, not the translucent bands).</summary>
    private static async Task<int> PixelsOfColour(BrowserPage tab, string chart, int configuration) =>
        (await tab.EvaluateAsync($$"""
            (() => {
              const config = JSON.parse(document.getElementById('report-config').textContent);
              const hex = config.colors[{{configuration}}];
              const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
              const canvas = {{Chart(chart)}}.root.querySelector('canvas');
              const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 200 && Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) n++;
              }
              return n;
            })()
            """)).GetInt32();

    private static async Task Hover(BrowserPage tab, string chart, int epoch)
    {
        var at = await tab.EvaluateAsync($$"""
            (() => { const u = {{Chart(chart)}};
                     u.over.scrollIntoView({ block: 'center' });
                     const s = u.over.getBoundingClientRect();
                     // The first and last epochs lie on the plot's edges: stay a pixel inside (the cursor snaps to the nearest epoch).
                     const x = Math.min(Math.max(u.valToPos({{epoch}}, 'x'), 1), s.width - 1);
                     return { x: s.left + x, y: s.top + s.height / 2 }; })()
            """);
        await tab.MoveMouseAsync(at.GetProperty("x").GetDouble(), at.GetProperty("y").GetDouble());
        await tab.WaitForAsync($"{Chart(chart)}.root.querySelector('.u-legend .u-series .u-value').textContent === '{epoch}'",
            $"the {chart} legend to show epoch {epoch}");
    }

    private static async Task Hovering_shows_the_epochs_values_from_results_json(BrowserPage tab, string chart, JsonElement results, int epoch)
    {
        var curves = results.GetProperty("curves").EnumerateArray().ToList();
        var trials = results.GetProperty("trials").EnumerateArray().ToList();
        await Hover(tab, chart, epoch);
        var legend = (await tab.EvaluateAsync($$"""
            [...{{Chart(chart)}}.root.querySelectorAll('.u-legend .u-series')].slice(1)
              .map(r => [r.querySelector('.u-label').textContent, r.querySelector('.u-value').textContent])
            """)).EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString()!);

        var expected = new Dictionary<string, string>();
        foreach (var curve in curves)
        {
            var at = curve.GetProperty("epochs").EnumerateArray().Single(e => e.GetProperty("epoch").GetInt32() == epoch);
            foreach (var split in new[] { "train", "test" })
            {
                var value = at.GetProperty($"{split}_{chart}");
                var (mean, std) = (value.GetProperty("mean").GetDouble(), value.GetProperty("std").GetDouble());
                Assert.Equal(2, curve.GetProperty("seed_count").GetInt32());
                // The curve is the mean of its seeds' trials, as recorded in the same file.
                var decay = curve.GetProperty("configuration").GetProperty("weight_decay").GetDouble();
                var seeds = trials.Where(t => t.GetProperty("point").GetProperty("weight_decay").GetDouble() == decay)
                    .Select(t => t.GetProperty("epochs")[epoch - 1].GetProperty($"{split}_{chart}").GetDouble()).ToList();
                Assert.Equal(2, seeds.Count);
                Assert.Equal(seeds.Average(), mean, 12);
                expected[$"{curve.GetProperty("label").GetString()} {split}"] = $"{F4(mean)} ± {F4(std)}";
            }
        }
        Assert.Equal(expected.OrderBy(p => p.Key), legend.OrderBy(p => p.Key));
    }

    private static async Task Toggling_a_legend_entry_hides_its_line(BrowserPage tab)
    {
        const string entry = "5e-4 test";
        // Off the chart, as a person moving to the legend would be (the legend then shows no epoch's values).
        await tab.MoveMouseAsync(1, 1);
        await tab.WaitForAsync($"{Chart("accuracy")}.root.querySelector('.u-legend .u-series .u-value').textContent === '–'", "the legend to leave hover");
        var before = await PixelsOfColour(tab, "accuracy", 1);
        var row = await tab.EvaluateAsync($$"""
            (() => { const rows = [...{{Chart("accuracy")}}.root.querySelectorAll('.u-legend .u-series')];
                     const i = rows.findIndex(r => r.querySelector('.u-label').textContent === '{{entry}}');
                     rows[i].scrollIntoView({ block: 'center' });
                     const b = rows[i].querySelector('.u-label').getBoundingClientRect();
                     return { i, x: b.left + b.width / 2, y: b.top + b.height / 2 }; })()
            """);
        var index = row.GetProperty("i").GetInt32();
        Assert.True(index > 0, $"no legend entry '{entry}'");

        await tab.ClickAsync(row.GetProperty("x").GetDouble(), row.GetProperty("y").GetDouble());
        await tab.WaitForAsync($"{Chart("accuracy")}.series[{index}].show === false", $"'{entry}' hidden after a click on its legend entry");

        Assert.Equal(JsonValueKind.True, (await tab.EvaluateAsync($"{Chart("accuracy")}.root.querySelectorAll('.u-legend .u-series')[{index}].classList.contains('u-off')")).ValueKind);
        var after = await PixelsOfColour(tab, "accuracy", 1);
        Assert.True(after < before * 0.8, $"5e-4's colour covers {after} pixels with its test line hidden, {before} before");

        await tab.ClickAsync(row.GetProperty("x").GetDouble(), row.GetProperty("y").GetDouble());
        await tab.WaitForAsync($"{Chart("accuracy")}.series[{index}].show === true", $"'{entry}' shown again after a second click");
    }

    private static async Task Sorting_orders_rows_by_the_column(BrowserPage tab, JsonElement results)
    {
        const int column = 5; // final test acc
        var accuracy = results.GetProperty("trials").EnumerateArray().ToDictionary(
            t => t.GetProperty("trial_id").GetString()!,
            t => t.GetProperty("epochs").EnumerateArray().Last().GetProperty("test_accuracy").GetDouble());
        Assert.Equal("final test acc", (await tab.EvaluateAsync($"document.querySelector('#results-table thead').rows[0].cells[{column}].textContent")).GetString());

        await ClickHeader(tab, column);
        var ascending = await RowOrder(tab);
        Assert.Equal(accuracy.Keys.Order(), ascending.Order());
        Assert.Equal(accuracy.Values.Order(), ascending.Select(id => accuracy[id]));
        Assert.Equal("ascending", (await tab.EvaluateAsync($"document.querySelector('#results-table thead').rows[0].cells[{column}].getAttribute('aria-sort')")).GetString());

        await ClickHeader(tab, column);
        Assert.Equal(accuracy.Values.OrderDescending(), (await RowOrder(tab)).Select(id => accuracy[id]));
    }

    private static async Task ClickHeader(BrowserPage tab, int column)
    {
        var at = await tab.EvaluateAsync($$"""
            (() => { const b = document.querySelector('#results-table thead').rows[0].cells[{{column}}].querySelector('button');
                     b.scrollIntoView({ block: 'center' }); const r = b.getBoundingClientRect();
                     return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()
            """);
        await tab.ClickAsync(at.GetProperty("x").GetDouble(), at.GetProperty("y").GetDouble());
    }

    private static async Task<List<string>> RowOrder(BrowserPage tab) =>
        [.. (await tab.EvaluateAsync("[...document.querySelectorAll('#results-table tbody tr')].map(r => r.dataset.trial)")).EnumerateArray().Select(e => e.GetString()!)];

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
