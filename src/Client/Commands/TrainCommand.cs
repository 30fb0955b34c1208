using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Search;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid train &lt;spec&gt;</c>: one trial on this machine, no cluster. Checkpoints after every epoch into
/// the output directory, so running the same command again resumes where it stopped.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : AsyncCommand<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<spec>")]
        [Description("Sweep spec (YAML)")]
        public string Spec { get; init; } = "";

        [CommandOption("--weight-decay <X>")]
        [Description("Weight decay to train (default: the spec's first)")]
        public double? WeightDecay { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed (default: the spec's first)")]
        public long? Seed { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Override the spec's epochs")]
        public int? Epochs { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output directory (default: runs/<name>/train-wd<X>-seed<S>)")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (WeightDecay is < 0 || WeightDecay is { } wd && !double.IsFinite(wd))
            {
                return ValidationResult.Error($"--weight-decay: must be a finite number >= 0, got {WeightDecay}");
            }
            // The spec's own limits: epochs 1..100000, seeds >= 0.
            return OptionChecks.First(
                OptionChecks.InRange("--epochs", Epochs, 1, SpecLimits.MaxEpochs),
                OptionChecks.InRange("--seed", Seed, 0, long.MaxValue),
                OptionChecks.Directory("--out", Out));
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SweepSpec spec;
        try
        {
            spec = SpecParser.ParseFile(settings.Spec);
        }
        catch (SpecException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        if (settings.Epochs is { } epochs)
        {
            spec = spec with { Epochs = epochs };
        }
        // The sweep's first point (a search's first proposal), with what the options override.
        var space = SweepSpace.Of(spec);
        var first = spec.Search.Algorithm == SearchAlgorithm.Grid
            ? TrialIds.Expand(spec)[0].Point
            : TrialIds.Replicas(spec, space.Configuration(space.Sampler().Ask(0, [], [])!.Value)).First().Point;
        var wd = settings.WeightDecay ?? first.WeightDecay;
        var seed = settings.Seed ?? spec.Sweep.Seeds[0];
        var config = TrialConfigs.From(spec, first with { WeightDecay = wd, Seed = seed });
        var trial = $"wd{DecayLabel.Format(wd)}-seed{seed}";
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine("runs", spec.Name, "train-" + trial));
        Directory.CreateDirectory(outDir);
        var checkpoint = Path.Combine(outDir, "checkpoint.bin");
        var metricsPath = Path.Combine(outDir, "metrics.json");

        Dataset dataset;
        try
        {
            dataset = await DataAccess.LoadAsync(spec.Data, console, cancellationToken);
        }
        catch (Exception e) when (e is DataFormatException or FileNotFoundException or HttpRequestException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failed;
        }

        var previous = TrainReport.TryRead(metricsPath);
        if (previous is not null && File.Exists(checkpoint) && previous.Trial != trial)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {outDir} holds another trial ({previous.Trial}); choose another --out");
            return ExitCodes.BadInput;
        }
        return await Task.Run(() => Train(spec, config, trial, dataset, outDir, checkpoint, metricsPath, previous, cancellationToken), CancellationToken.None);
    }

    private int Train(SweepSpec spec, TrialConfig config, string trial, Dataset dataset, string outDir, string checkpoint,
        string metricsPath, TrainReport? previous, CancellationToken ct)
    {
        var device = Devices.Resolve(config.Device);
        using var data = new DeviceData(dataset, device, config.DType);
        console.MarkupLineInterpolated($"[bold]{spec.Name}[/] {trial}: {config} on {device.type.ToString().ToLowerInvariant()}, {data.TrainCount:N0} train / {data.TestCount:N0} test ({dataset.Name})");
        var epochs = new List<EpochMetrics>();
        if (File.Exists(checkpoint) && previous is not null)
        {
            epochs.AddRange(previous.Epochs);
            console.MarkupLineInterpolated($"[grey]resuming from {checkpoint}[/]");
        }
        TrainReport Report(string status, string? message, double? norm) =>
            new(spec, trial, config.WeightDecay, config.Seed, device.type.ToString().ToLowerInvariant(), status, message, norm, [.. epochs]);

        console.MarkupLine("[grey] epoch  train loss  train acc  test loss  test acc   time  samples/s[/]");
        TrialOutcome outcome;
        try
        {
            outcome = TrialRunner.Run(config, data, m =>
            {
                epochs.RemoveAll(e => e.Epoch >= m.Epoch);
                epochs.Add(m);
                Report("running", null, null).Write(metricsPath);
                console.MarkupLineInterpolated(
                    $"{m.Epoch,6}/{config.Epochs}  {m.TrainLoss,9:F4}  {m.TrainAccuracy,9:P2}  {m.TestLoss,9:F4}  {m.TestAccuracy,8:P2}  {m.Seconds,5:F1}s  {m.SamplesPerSecond,9:N0}");
            }, checkpoint, ct);
        }
        catch (InvalidDataException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        var status = outcome.Kind.ToString().ToLowerInvariant();
        Report(status, outcome.Message, double.IsFinite(outcome.WeightNorm) ? outcome.WeightNorm : null).Write(metricsPath);
        switch (outcome.Kind)
        {
            case TrialOutcomeKind.Completed:
                console.MarkupLineInterpolated($"[green]completed[/] {epochs.Count} epochs; final test accuracy {epochs[^1].TestAccuracy:P2}, weight norm {outcome.WeightNorm:F3}. Metrics: {metricsPath}");
                return ExitCodes.Ok;
            case TrialOutcomeKind.Cancelled:
                console.MarkupLineInterpolated($"[yellow]stopped[/] after epoch {epochs.Count}; run the same command again to resume. Metrics: {metricsPath}");
                return ExitCodes.Failed;
            default:
                console.MarkupLineInterpolated($"[red]{outcome.Message}[/]. Metrics: {metricsPath}");
                return ExitCodes.Failed;
        }
    }
}
