using SweepGrid.Client;
using SweepGrid.Client.Reports;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Reports;

/// <summary><c>sweepgrid report results.json</c>: every output rebuilt from the file, no cluster contacted.</summary>
public sealed class ReportFromResultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-report-from-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_results_json_is_reported_without_a_cluster()
    {
        var run = Path.Combine(_dir, "run");
        RunOutputs.WriteAll(Reference(), run);
        var out_ = Path.Combine(_dir, "out");

        var (exit, output) = CliRunner.Run("report", Path.Combine(run, RunOutputs.ResultsJson), "--out", out_, "--cluster", "127.0.0.1:1");

        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Equal(RunOutputs.Files.Order(), Directory.GetFiles(out_).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllText(Path.Combine(run, RunOutputs.ReportHtml)), File.ReadAllText(Path.Combine(out_, RunOutputs.ReportHtml)));
        Assert.StartsWith("Report: ", output);
    }

    [Fact]
    public void A_file_that_is_not_a_results_json_exits_1_naming_it()
    {
        var path = Path.Combine(_dir, "other.json");
        File.WriteAllText(path, "{\"hello\": 1}");

        var (exit, output) = CliRunner.Run("report", path);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("is not a SweepGrid results.json", output.ReplaceLineEndings(""));
    }
}
