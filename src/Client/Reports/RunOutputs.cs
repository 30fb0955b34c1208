using System.Collections.Immutable;
using System.Text.Json;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Reports.Html;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>
/// Writes a sweep's output directory (plots, results.json, metrics.csv, report.md, report.html) and reads results.json back,
/// so a report can be regenerated without the cluster that ran the sweep.
/// </summary>
public static class RunOutputs
{
    public const string AccuracyPng = "accuracy.png";
    public const string AccuracySvg = "accuracy.svg";
    public const string LossPng = "loss.png";
    public const string LossSvg = "loss.svg";
    public const string ResultsJson = "results.json";
    public const string MetricsCsvFile = "metrics.csv";
    public const string ReportMd = "report.md";
    public const string ReportHtml = "report.html";

    /// <summary>Every file <see cref="WriteAll"/> writes for any sweep; one sensitivity-&lt;axis&gt;.png per searched hyperparameter besides.</summary>
    public static readonly IReadOnlyList<string> Files = [AccuracyPng, AccuracySvg, LossPng, LossSvg, ResultsJson, MetricsCsvFile, ReportMd, ReportHtml];

    /// <summary>
    /// Analyses the sweep and writes every output file into <paramref name="dir"/> (created when missing,
    /// existing files replaced). Returns the analysis the files were made from.
    /// </summary>
    public static SweepAnalysis WriteAll(SweepInfo sweep, string dir)
    {
        Directory.CreateDirectory(dir);
        var analysis = SweepAnalysis.Of(sweep);
        CurvePlots.Write(analysis.Curves, dir, "accuracy", $"{sweep.Spec.Name}: accuracy", "Accuracy",
            Metric.TrainAccuracy, Metric.TestAccuracy, unitRange: true);
        CurvePlots.Write(analysis.Curves, dir, "loss", $"{sweep.Spec.Name}: loss", "Loss",
            Metric.TrainLoss, Metric.TestLoss, unitRange: false);
        SensitivityPlots.Write(analysis.Search.Sensitivity, sweep.Spec.Selection.Metric, dir, sweep.Spec.Name);
        var results = SweepResults.Of(sweep, analysis);
        WriteText(Path.Combine(dir, ResultsJson), JsonSerializer.Serialize(results, TrainReport.Json));
        WriteText(Path.Combine(dir, MetricsCsvFile), MetricsCsv.Build(sweep));
        WriteText(Path.Combine(dir, ReportMd), ReportMarkdown.Build(sweep, analysis));
        WriteText(Path.Combine(dir, ReportHtml), HtmlReport.Build(results));
        return analysis;
    }

    /// <summary>Rebuilds the sweep (spec, state, times, trials with their epochs) from a results.json.</summary>
    /// <exception cref="InvalidDataException">The file is not a SweepGrid results.json.</exception>
    public static SweepInfo ReadResults(string resultsJsonPath)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(resultsJsonPath));
            var root = json.RootElement;
            T Read<T>(string name) =>
                root.GetProperty(name).Deserialize<T>(TrainReport.Json) ?? throw new InvalidDataException($"{resultsJsonPath}: '{name}' is null");
            return new SweepInfo
            {
                SweepId = Read<string>("sweep_id"),
                Spec = Read<SweepSpec>("spec"),
                State = Read<SweepState>("state"),
                Trials = Read<ImmutableArray<TrialInfo>>("trials"),
                SubmittedAt = Read<DateTimeOffset>("submitted_at"),
                FinishedAt = root.TryGetProperty("finished_at", out var f) ? f.Deserialize<DateTimeOffset?>(TrainReport.Json) : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{resultsJsonPath} is not a SweepGrid results.json: {e.Message}", e);
        }
    }

    /// <summary>Write then rename, so a reader never sees half a file.</summary>
    private static void WriteText(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
