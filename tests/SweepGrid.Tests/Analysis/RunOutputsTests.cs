using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SweepGrid.Client.Reports;
using SweepGrid.Contracts.Sweeps;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

public sealed partial class RunOutputsTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-outputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The reference sweep plus a diverged, fused trial, so every field of a trial is exercised.</summary>
    private static SweepInfo Mixed()
    {
        var reference = Reference();
        var diverged = Trial(5e-3, 1, [Epoch(1, 0.9, 0.7, 0.8, 0.72), Epoch(2, double.NaN, 0.1, double.NaN, 0.1)],
            TrialState.Diverged, message: "loss is NaN at epoch 2") with
        {
            FusedWith = ["t-5e-4-1-relu"],
            Failures = 1,
            Silo = "silo-a",
            Resumes = 2,
        };
        return reference with
        {
            Spec = reference.Spec with { Sweep = reference.Spec.Sweep with { WeightDecay = [5e-2, 5e-3, 5e-4, 5e-6] } },
            Trials = reference.Trials.Add(diverged),
        };
    }

    private string Write(SweepInfo sweep)
    {
        RunOutputs.WriteAll(sweep, _dir);
        return _dir;
    }

    [Fact]
    public void WriteAll_writes_every_output_file()
    {
        Write(Mixed());

        Assert.Equal(RunOutputs.Files.Order(), Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Csv_has_a_header_and_one_row_per_trial_epoch()
    {
        var sweep = Mixed();
        Write(sweep);

        var lines = File.ReadAllLines(Path.Combine(_dir, RunOutputs.MetricsCsvFile));

        Assert.Equal(MetricsCsv.Header, lines[0]);
        Assert.Equal(sweep.Trials.Sum(t => t.Epochs.Length), lines.Length - 1);
        var row = lines[80].Split(',');
        var epoch = sweep.Trials[1].Epochs[^1];
        Assert.Equal(["sweep-1", "t-5e-4-1-relu", "0.0005", "1", "relu", "cross_entropy", "completed", "40"], row[..8]);
        Assert.Equal([epoch.TrainLoss, epoch.TrainAccuracy, epoch.TestLoss, epoch.TestAccuracy, epoch.Seconds],
            row[8..].Select(c => double.Parse(c, CultureInfo.InvariantCulture)));
        Assert.Equal("sweep-1,t-5e-3-1-relu,0.005,1,relu,cross_entropy,diverged,2,NaN,0.1,NaN,0.1,1.5", lines[^1]);
    }

    [Fact]
    public void Results_json_and_report_name_the_same_winner_and_reason()
    {
        Write(Mixed());

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, RunOutputs.ResultsJson)));
        var selection = json.RootElement.GetProperty("selection");
        var report = File.ReadAllText(Path.Combine(_dir, RunOutputs.ReportMd));
        var choice = ChoiceLine().Match(report);

        Assert.Equal("5e-4", selection.GetProperty("winner").GetProperty("label").GetString());
        Assert.True(choice.Success, report);
        Assert.Equal("5e-4", choice.Groups["winner"].Value);
        Assert.Equal(selection.GetProperty("reason").GetString(), choice.Groups["reason"].Value);
        Assert.Contains("![accuracy](accuracy.png)", report);
        Assert.Contains("![loss](loss.png)", report);
        Assert.Contains("**5e-6**: test loss rises after epoch 20: +0.08 by epoch 40", report);
        Assert.Contains("**5e-2**: final test accuracy 0.1180 is within 0.05 of chance", report);
        Assert.Contains("5e-3 seed 1 (t-5e-3-1-relu) diverged: loss is NaN at epoch 2; excluded from selection", report);
        Assert.Equal("test_loss", selection.GetProperty("metric").GetString());
        Assert.Equal(4, selection.GetProperty("scores").GetArrayLength() + selection.GetProperty("excluded").GetArrayLength());
    }

    [Fact]
    public void Plots_are_png_images()
    {
        Write(Mixed());

        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        foreach (var png in new[] { RunOutputs.AccuracyPng, RunOutputs.LossPng })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_dir, png));
            Assert.True(bytes.Length > signature.Length, png);
            Assert.Equal(signature, bytes[..signature.Length]);
        }
    }

    [Fact]
    public void Svgs_are_xml_with_train_and_test_of_each_decay_in_the_legend()
    {
        Write(Mixed());

        foreach (var svg in new[] { RunOutputs.AccuracySvg, RunOutputs.LossSvg })
        {
            var texts = XDocument.Load(Path.Combine(_dir, svg)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
            Assert.Contains("5e-4 train", texts);
            Assert.Contains("5e-4 test", texts);
            Assert.Contains("5e-6 train", texts);
            Assert.Contains("Epoch", texts);
            // Diverged trials are not plotted.
            Assert.DoesNotContain("5e-3 test", texts);
        }
    }

    [Fact]
    public void Svg_draws_train_lines_dashed_and_test_lines_solid_in_the_same_colours()
    {
        Write(Reference());

        var strokes = XDocument.Load(Path.Combine(_dir, RunOutputs.AccuracySvg)).Descendants(Svg + "path")
            .Where(p => p.Attribute("stroke") is not null)
            .ToList();
        var dashed = strokes.Where(p => p.Attribute("stroke-dasharray") is not null).ToList();
        var testWidth = CurvePlots.TestLineWidth.ToString(CultureInfo.InvariantCulture);
        var solid = strokes.Where(p => (string?)p.Attribute("stroke-width") == testWidth).ToList();

        // Each configuration has a line and a legend symbol of each kind.
        Assert.Equal(6, dashed.Count);
        Assert.Equal(6, solid.Count);
        Assert.All(dashed, p => Assert.Equal(CurvePlots.TrainLineWidth.ToString(CultureInfo.InvariantCulture), (string?)p.Attribute("stroke-width")));
        Assert.All(dashed, p => Assert.Equal("6 4", (string?)p.Attribute("stroke-dasharray")));
        Assert.All(solid, p => Assert.Null(p.Attribute("stroke-dasharray")));
        static string[] Colours(IEnumerable<XElement> paths) => [.. paths.Select(p => (string)p.Attribute("stroke")!).Distinct().Order()];
        Assert.Equal(3, Colours(solid).Length);
        Assert.Equal(Colours(solid), Colours(dashed));
    }

    [Fact]
    public void ReadResults_round_trips_the_sweeps_trials_and_epochs()
    {
        var sweep = Mixed();
        Write(sweep);

        var read = RunOutputs.ReadResults(Path.Combine(_dir, RunOutputs.ResultsJson));

        Assert.Equal(sweep.SweepId, read.SweepId);
        Assert.Equal(sweep.State, read.State);
        Assert.Equal(sweep.SubmittedAt, read.SubmittedAt);
        Assert.Equal(sweep.FinishedAt, read.FinishedAt);
        Assert.Equal(sweep.Spec.Sweep.WeightDecay.ToArray(), read.Spec.Sweep.WeightDecay.ToArray());
        Assert.Equal(sweep.Spec.Selection, read.Spec.Selection);
        Assert.Equal(sweep.Trials.Length, read.Trials.Length);
        foreach (var (expected, actual) in sweep.Trials.Zip(read.Trials))
        {
            Assert.Equal(expected.TrialId, actual.TrialId);
            Assert.Equal(expected.Point, actual.Point);
            Assert.Equal(expected.State, actual.State);
            Assert.Equal(expected.Epochs.ToArray(), actual.Epochs.ToArray());
            Assert.Equal(expected.Message, actual.Message);
            Assert.Equal(expected.FusedWith.ToArray(), actual.FusedWith.ToArray());
            Assert.Equal((expected.Failures, expected.Silo, expected.Resumes), (actual.Failures, actual.Silo, actual.Resumes));
        }
    }

    [Fact]
    public void Report_regenerated_from_results_json_is_identical()
    {
        Write(Mixed());
        var first = File.ReadAllText(Path.Combine(_dir, RunOutputs.ReportMd));
        var read = RunOutputs.ReadResults(Path.Combine(_dir, RunOutputs.ResultsJson));

        RunOutputs.WriteAll(read, _dir);

        Assert.Equal(first, File.ReadAllText(Path.Combine(_dir, RunOutputs.ReportMd)));
    }

    [Fact]
    public void A_sweep_with_no_completed_trial_still_writes_every_file_and_reports_no_winner()
    {
        Write(Sweep(NewSpec(), Trial(5e-4, 1, [], TrialState.Failed, message: "no GPU")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, RunOutputs.ResultsJson)));
        var report = File.ReadAllText(Path.Combine(_dir, RunOutputs.ReportMd));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("selection").GetProperty("winner").ValueKind);
        Assert.Contains("**Choice: none** — **no trial completed (1 failed), so there is no winner.**", report);
        Assert.Equal(RunOutputs.Files.Count, Directory.GetFiles(_dir).Length);
    }

    [GeneratedRegex(@"^\*\*Choice: (?<winner>.+?)\*\* — \*\*(?<reason>.+)\.\*\*$", RegexOptions.Multiline)]
    private static partial Regex ChoiceLine();
}
