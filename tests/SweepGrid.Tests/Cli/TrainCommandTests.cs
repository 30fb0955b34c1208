using System.Text.Json;
using Spectre.Console.Cli.Testing;
using SweepGrid.Client;
using Xunit;

namespace SweepGrid.Tests.Cli;

public sealed class TrainCommandTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-cli-").FullName;

    private string WriteSpec(string extra = "", int epochs = 2)
    {
        var path = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(path, $"""
            name: cli-test
            data: {"{"} dataset: mnist, dir: {TestData.Root} {"}"}
            model: {"{"} hidden: [64], activation: relu {"}"}
            optimizer: {"{"} lr: 0.05, momentum: 0.9 {"}"}
            sweep: {"{"} weight_decay: [5e-4, 5e-2] {"}"}
            epochs: {epochs}
            resources: {"{"} device: cpu {"}"}
            {extra}
            """);
        return path;
    }

    private static CommandAppTester Tester()
    {
        var tester = new CommandAppTester();
        tester.Configure(CliApp.Configure);
        return tester;
    }

    [Fact]
    public void Train_prints_each_epoch_and_writes_metrics_json()
    {
        var outDir = Path.Combine(_dir, "out");
        var result = Tester().Run("train", WriteSpec(), "--out", outDir);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("     1/2", result.Output);
        Assert.Contains("     2/2", result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(5e-4, root.GetProperty("weight_decay").GetDouble());
        Assert.Equal("wd5e-4-seed1", root.GetProperty("trial").GetString());
        Assert.Equal([1, 2], root.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
    }

    [Fact]
    public void Running_train_again_with_more_epochs_resumes_from_the_checkpoint()
    {
        var outDir = Path.Combine(_dir, "resume");
        Assert.Equal(ExitCodes.Ok, Tester().Run("train", WriteSpec(epochs: 1), "--out", outDir).ExitCode);
        var second = Tester().Run("train", WriteSpec(epochs: 3), "--out", outDir);

        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("resuming from", second.Output);
        Assert.DoesNotContain("     1/3", second.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.Equal([1, 2, 3], json.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
    }

    [Fact]
    public void Train_refuses_an_output_directory_of_another_trial()
    {
        var outDir = Path.Combine(_dir, "taken");
        Assert.Equal(ExitCodes.Ok, Tester().Run("train", WriteSpec(epochs: 1), "--out", outDir).ExitCode);
        var result = Tester().Run("train", WriteSpec(epochs: 1), "--out", outDir, "--weight-decay", "5e-2");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("holds another trial (wd5e-4-seed1)", result.Output);
    }

    [Fact]
    public void An_invalid_spec_exits_2_listing_every_problem_with_its_path()
    {
        var result = Tester().Run("train", WriteSpec("batch_size: -4\nselection: { scope: worst }"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("invalid spec (2 problems)", result.Output);
        Assert.Contains("batch_size: must be between 1 and 1048576, got -4", result.Output);
        Assert.Contains("selection.scope: must be one of last, best, mean_last_k, got 'worst'", result.Output);
    }

    [Fact]
    public void A_missing_spec_file_exits_2_naming_it()
    {
        var missing = Path.Combine(_dir, "nope.yaml");
        var result = Tester().Run("train", missing);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("nope.yaml", result.Output);
        Assert.Contains("not found", result.Output);
    }

    [Fact]
    public void A_diverging_trial_exits_1_and_says_where()
    {
        var outDir = Path.Combine(_dir, "diverge");
        var spec = WriteSpec().Replace("spec.yaml", "spec.yaml");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("lr: 0.05", "lr: 10000"));
        var result = Tester().Run("train", spec, "--out", outDir);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("diverged at epoch 1", result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        Assert.Equal("diverged", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Data_fetch_rejects_an_unknown_dataset()
    {
        var result = Tester().Run("data", "fetch", "cifar10");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("dataset: must be one of mnist, fashion-mnist, got 'cifar10'", result.Output);
    }
}
