using System.Diagnostics;
using System.Text.Json;
using Spectre.Console.Cli.Testing;
using SweepGrid.Client;
using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Client.Reports;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Cluster;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary>The cluster commands against a real (in-process) cluster, through its gateway like a user's CLI.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class ClusterCommandTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-cli-cluster-").FullName;

    private static CommandAppTester Tester()
    {
        var tester = new CommandAppTester();
        tester.Configure(CliApp.Configure);
        return tester;
    }

    private static void AssertExit(int expected, CommandAppResult result) =>
        Assert.True(expected == result.ExitCode, $"exit code {result.ExitCode}, expected {expected}; output:\n{result.Output}");

    private static string[] Address(EmbeddedCluster c) =>
        ["--cluster", $"127.0.0.1:{c.GatewayPort}", "--cluster-id", EmbeddedCluster.ClusterId];

    /// <summary>A real silo on real sockets, as the CLI would find one.</summary>
    private Task<EmbeddedCluster> StartAsync(int slots) =>
        EmbeddedCluster.StartAsync(Path.Combine(_dir, $"cluster-{Guid.NewGuid():N}"), $"{slots}", CancellationToken.None);

    private string WriteSpec(string yaml)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public async Task Prune_deletes_only_sweeps_finished_before_its_cutoff_and_delete_removes_one_by_name()
    {
        await using var h = await StartAsync(1);
        AssertExit(ExitCodes.Ok, Tester().Run(["submit", WriteSpec(ClusterHarness.Spec("old-one", "5e-4", epochs: 1, hidden: 16)), .. Address(h)]));
        AssertExit(ExitCodes.Ok, Tester().Run(["submit", WriteSpec(ClusterHarness.Spec("other-one", "5e-4", epochs: 1, hidden: 16)), .. Address(h)]));
        await h.Grains.WaitForSweepAsync("old-one", s => s.State == SweepState.Completed, "old-one to complete", TimeSpan.FromMinutes(2));
        await h.Grains.WaitForSweepAsync("other-one", s => s.State == SweepState.Completed, "other-one to complete", TimeSpan.FromMinutes(2));

        var notYet = Tester().Run(["prune", "--older-than", "1", .. Address(h)]);
        var dryRun = Tester().Run(["prune", "--older-than", "0", "--dry-run", .. Address(h)]);
        var delete = Tester().Run(["delete", "old-one", .. Address(h)]);
        var unknown = Tester().Run(["delete", "old-one", .. Address(h)]);
        var prune = Tester().Run(["prune", "--older-than", "0", .. Address(h)]);
        var missingAge = Tester().Run(["prune", .. Address(h)]);

        AssertExit(ExitCodes.Ok, notYet);
        Assert.Contains("0 sweeps deleted", notYet.Output);
        AssertExit(ExitCodes.Ok, dryRun);
        Assert.Contains("2 sweeps to delete", dryRun.Output);
        AssertExit(ExitCodes.Ok, delete);
        Assert.Contains("deleted old-one: 1 trials", delete.Output);
        AssertExit(ExitCodes.Failed, unknown);
        Assert.Contains("unknown sweep id 'old-one'", unknown.Output);
        AssertExit(ExitCodes.Ok, prune);
        Assert.Contains("deleted other-one", prune.Output);
        Assert.Empty(await h.Grains.GetGrain<ISweepRegistryGrain>(0).ListAsync());
        AssertExit(ExitCodes.BadInput, missingAge);
        Assert.Contains("--older-than: required", missingAge.Output);
    }

    [Fact]
    public async Task Submit_watch_status_list_results_and_report_follow_a_sweep_to_its_choice()
    {
        await using var h = await StartAsync(2);
        var spec = WriteSpec(ClusterHarness.Spec("cli-sweep", "5e-2, 5e-4", epochs: 2));

        var submit = Tester().Run(["submit", spec, .. Address(h)]);
        AssertExit(ExitCodes.Ok, submit);
        Assert.StartsWith("cli-sweep", submit.Output);

        var watch = Tester().Run(["watch", "cli-sweep", .. Address(h)]);
        AssertExit(ExitCodes.Ok, watch);
        Assert.Contains("Best weight decay:", watch.Output);

        var status = Tester().Run(["status", "cli-sweep", .. Address(h)]);
        AssertExit(ExitCodes.Ok, status);
        Assert.Contains("cli-sweep completed", status.Output);

        var list = Tester().Run(["list", .. Address(h)]);
        Assert.Contains("cli-sweep", list.Output);
        Assert.Contains("completed", list.Output);

        var json = Tester().Run(["results", "cli-sweep", "--json", .. Address(h)]);
        AssertExit(ExitCodes.Ok, json);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(2, doc.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("selection").GetProperty("winner").ValueKind);

        var csv = Tester().Run(["results", "cli-sweep", "--csv", .. Address(h)]);
        Assert.Equal(1 + 2 * 2, csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var outDir = Path.Combine(_dir, "report");
        var report = Tester().Run(["report", "cli-sweep", "--out", outDir, .. Address(h)]);
        AssertExit(ExitCodes.Ok, report);
        Assert.All(RunOutputs.Files, f => Assert.True(File.Exists(Path.Combine(outDir, f)), $"{f} missing"));
    }

    [Fact]
    public async Task Cancel_stops_a_running_sweep()
    {
        await using var h = await StartAsync(1);
        AssertExit(ExitCodes.Ok, Tester().Run(["submit", WriteSpec(ClusterHarness.Spec("cli-cancel", "5e-4", epochs: 500)), .. Address(h)]));
        await h.Grains.WaitForSweepAsync("cli-cancel", s => s.Trials[0].Epochs.Length >= 1, "an epoch", TimeSpan.FromMinutes(2));

        var cancel = Tester().Run(["cancel", "cli-cancel", .. Address(h)]);

        AssertExit(ExitCodes.Ok, cancel);
        var done = await h.Grains.WaitForSweepAsync("cli-cancel", s => s.Trials[0].State.IsTerminal(), "the trial to stop", TimeSpan.FromSeconds(30));
        Assert.Equal(TrialState.Cancelled, done.Trials[0].State);
    }

    [Fact]
    public async Task An_unknown_sweep_id_exits_1_and_names_the_known_ones()
    {
        await using var h = await StartAsync(1);
        var result = Tester().Run(["results", "nope", .. Address(h)]);

        AssertExit(ExitCodes.Failed, result);
        Assert.Contains("unknown sweep id 'nope'; known: none", result.Output);
    }

    [Fact]
    public async Task An_invalid_spec_is_rejected_by_the_cluster_with_every_problem()
    {
        await using var h = await StartAsync(1);
        var result = Tester().Run(["submit", WriteSpec("name: broken\ndata: { dataset: mnist }\nmodel: { hidden: [8] }\noptimizer: { lr: -1 }\nsweep: { weight_decay: [1] }\nepochs: 0\n"), .. Address(h)]);

        AssertExit(ExitCodes.BadInput, result);
        Assert.Contains("optimizer.lr: must be > 0, got -1", result.Output);
        Assert.Contains("epochs: must be between 1 and 100000, got 0", result.Output);
    }

    [Fact]
    public void Submit_refuses_an_invalid_spec_before_contacting_the_cluster()
    {
        var clock = Stopwatch.StartNew();
        var result = Tester().Run("submit", WriteSpec("name: typo\ndata: { dataset: mnist }\nmodel: { hidden: [8] }\noptimizer: { lr: 0.1 }\nsweep: { weight_decay: [1] }\nepochs: 1\nepochs: 2\n"),
            "--cluster", "127.0.0.1:9", "--connect-timeout", "30");

        AssertExit(ExitCodes.BadInput, result);
        Assert.Contains("(line 7, column 1): duplicate key 'epochs'", result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1}s: the cluster was contacted first");
    }

    [Fact]
    public void An_unreachable_cluster_exits_1_within_seconds()
    {
        var clock = Stopwatch.StartNew();
        var result = Tester().Run("list", "--cluster", "127.0.0.1:9", "--connect-timeout", "3");

        AssertExit(ExitCodes.Failed, result);
        Assert.Contains("cannot reach the cluster at 127.0.0.1:9 within 3s", result.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public void Results_refuses_json_and_csv_together()
    {
        var result = Tester().Run("results", "x", "--json", "--csv", "--cluster", "127.0.0.1:9");
        AssertExit(ExitCodes.BadInput, result);
        Assert.Contains("--json and --csv: choose one", result.Output);
    }
}
