using System.Text.Json;
using System.Xml.Linq;
using Spectre.Console.Cli.Testing;
using SweepGrid.Client;
using SweepGrid.Client.Reports;
using SweepGrid.Tests.Cluster;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary><c>sweepgrid run</c> end to end: embedded silo, real training on the MNIST subset, every output file.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class RunCommandTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-run-").FullName;

    private static CommandAppTester Tester()
    {
        var tester = new CommandAppTester();
        tester.Configure(CliApp.Configure);
        return tester;
    }

    private string WriteSpec(string yaml)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Run_trains_the_sweep_and_writes_outputs_that_agree_with_each_other()
    {
        var runDir = Path.Combine(_dir, "run");
        var result = Tester().Run("run", WriteSpec(ClusterHarness.Spec("run-e2e", "5e-2, 5e-4, 5e-6", epochs: 3)), "--run-dir", runDir);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Best weight decay:", result.Output);
        Assert.All(RunOutputs.Files, f => Assert.True(new FileInfo(Path.Combine(runDir, f)).Length > 0, $"{f} missing or empty"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, RunOutputs.ResultsJson)));
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(3, trials.Count);
        var epochRows = trials.Sum(t => t.GetProperty("epochs").GetArrayLength());
        Assert.Equal(9, epochRows);
        var csv = File.ReadAllLines(Path.Combine(runDir, RunOutputs.MetricsCsvFile));
        Assert.Equal(1 + epochRows, csv.Length);
        var reason = json.RootElement.GetProperty("selection").GetProperty("reason").GetString()!;
        Assert.Contains(reason, File.ReadAllText(Path.Combine(runDir, RunOutputs.ReportMd)));
        Assert.Contains(reason.Split(" (")[0], result.Output.ReplaceLineEndings(" ").Replace("  ", " "));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(runDir, RunOutputs.AccuracyPng))[..4]);
        Assert.Contains("5e-4", XDocument.Load(Path.Combine(runDir, RunOutputs.LossSvg)).ToString());
    }

    [Fact]
    public void Running_again_after_completion_reuses_every_trial()
    {
        var runDir = Path.Combine(_dir, "again");
        var spec = WriteSpec(ClusterHarness.Spec("run-again", "5e-4", epochs: 2));
        Assert.Equal(ExitCodes.Ok, Tester().Run("run", spec, "--run-dir", runDir).ExitCode);

        var second = Tester().Run("run", spec, "--run-dir", runDir);

        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("1 trials (0 new, 1 known)", second.Output);
    }

    [Fact]
    public void A_run_directory_of_a_different_spec_is_refused()
    {
        var runDir = Path.Combine(_dir, "taken");
        Assert.Equal(ExitCodes.Ok, Tester().Run("run", WriteSpec(ClusterHarness.Spec("run-taken", "5e-4", epochs: 1)), "--run-dir", runDir).ExitCode);

        var other = Tester().Run("run", WriteSpec(ClusterHarness.Spec("run-taken", "5e-4", epochs: 1).Replace("lr: 0.05", "lr: 0.2")), "--run-dir", runDir);

        Assert.Equal(ExitCodes.BadInput, other.ExitCode);
        Assert.Contains("belongs to a different spec", other.Output);
    }

    [Fact]
    public void An_invalid_spec_exits_2_before_anything_runs()
    {
        var runDir = Path.Combine(_dir, "never");
        var result = Tester().Run("run", WriteSpec("name: x\ndata: { dataset: mnist }\nmodel: { hidden: [8] }\noptimizer: { lr: 0.1, momentum: 2 }\nsweep: { weight_decay: [1] }\nepochs: 1\n"), "--run-dir", runDir);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("optimizer.momentum: must be in [0, 1), got 2", result.Output);
        Assert.False(Directory.Exists(runDir));
    }
}
