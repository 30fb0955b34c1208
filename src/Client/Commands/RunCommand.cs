using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Cluster;
using SweepGrid.Client.Reports;
using SweepGrid.Client.Views;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Trainer.Data;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid run &lt;spec&gt;</c>: the whole sweep on this machine with an in-process silo, live progress, then
/// the results table, the chosen weight decay with its reason, and the report in the run directory. Ctrl+C
/// stops cleanly; the same command again resumes (finished trials and epochs are kept).
/// </summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<spec>")]
        [Description("Sweep spec (YAML)")]
        public string Spec { get; init; } = "";

        [CommandOption("--run-dir <DIR>")]
        [Description("Run directory (default: runs/<name>)")]
        public string? RunDir { get; init; }

        [CommandOption("--slots <N>")]
        [Description("Trials trained at once: auto (GPUs, else 1) or a number")]
        [DefaultValue("auto")]
        public string Slots { get; init; } = "auto";

        public override ValidationResult Validate() =>
            Slots == "auto" || int.TryParse(Slots, out var n) && n is >= 1 and <= 1024
                ? OptionChecks.Directory("--run-dir", RunDir)
                : ValidationResult.Error($"--slots: must be auto or a number between 1 and 1024, got '{Slots}'");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        SweepSpec spec;
        string yaml;
        try
        {
            // Read once: a spec given as a pipe (/dev/stdin) cannot be read twice.
            yaml = SpecFile.Read(settings.Spec);
            spec = SpecParser.Parse(yaml, settings.Spec);
        }
        catch (SpecException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        var runDir = Path.GetFullPath(settings.RunDir ?? Path.Combine("runs", spec.Name));
        if (RunDirectoryConflict(runDir, spec, yaml) is { } conflict)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {conflict}");
            return ExitCodes.BadInput;
        }
        Directory.CreateDirectory(runDir);
        await File.WriteAllTextAsync(Path.Combine(runDir, "spec.yaml"), yaml, CancellationToken.None);
        try
        {
            await DataAccess.EnsurePresentAsync(spec.Data, console, cancellationToken);
        }
        catch (Exception e) when (e is DataFormatException or HttpRequestException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failed;
        }

        await using var cluster = await EmbeddedCluster.StartAsync(Path.Combine(runDir, "cluster"), settings.Slots, cancellationToken);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(spec.Name);
        var submitted = await sweep.SubmitParsedAsync(spec);
        if (!submitted.Accepted)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {settings.Spec}: rejected:");
            foreach (var p in submitted.Problems)
            {
                console.MarkupLineInterpolated($"  {p}");
            }
            return ExitCodes.BadInput;
        }
        console.MarkupLineInterpolated($"[bold]{spec.Name}[/]: {submitted.NewTrials.Length + submitted.ExistingTrials.Length} trials ({submitted.NewTrials.Length} new, {submitted.ExistingTrials.Length} known) in {runDir}");
        var view = await SweepProgress.WatchAsync(console, SweepStream.FollowAsync(cluster.Grains, spec.Name, cancellationToken), cancellationToken);
        if (view is null)
        {
            return ExitCodes.Failed;
        }
        // Every trial's epochs, read once at the end (also after Ctrl+C, for the partial report).
        var last = await cluster.Grains.ReadEpochsAsync(view.ToSummary(), CancellationToken.None);
        var analysis = RunOutputs.WriteAll(last, runDir);
        if (last.State == SweepState.Running)
        {
            console.MarkupLineInterpolated($"[yellow]stopped[/]: finished epochs are kept; run the same command again to resume. Partial report: {Path.Combine(runDir, RunOutputs.ReportMd)}");
            return ExitCodes.Failed;
        }
        ResultsView.Write(console, last, analysis);
        console.MarkupLineInterpolated($"Report: {Path.Combine(runDir, RunOutputs.ReportHtml)} (report.md, plots, results.json, metrics.csv beside it)");
        return analysis.Selection.Winner is null ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>
    /// A run directory belongs to one sweep: refuse one whose spec has other shared settings. The stored spec is parsed
    /// only when its text differs from <paramref name="yaml"/> (a resumed run stores the same text).
    /// </summary>
    internal static string? RunDirectoryConflict(string runDir, SweepSpec spec, string yaml)
    {
        var stored = Path.Combine(runDir, "spec.yaml");
        if (!File.Exists(stored) || File.ReadAllText(stored) == yaml)
        {
            return null;
        }
        SweepSpec old;
        try
        {
            old = SpecParser.ParseFile(stored);
        }
        catch (SpecException e)
        {
            return $"{runDir} holds an unreadable spec.yaml ({e.Problems.Count} problems); choose another --run-dir";
        }
        if (old.Name != spec.Name || TrialIds.BaseFingerprint(old) != TrialIds.BaseFingerprint(spec))
        {
            return $"{runDir} belongs to a different spec (sweep '{old.Name}': {TrialIds.BaseFingerprint(old)}; this spec: '{spec.Name}': {TrialIds.BaseFingerprint(spec)}). " +
                   "Only swept values may change within a run directory; choose another --run-dir or name.";
        }
        return null;
    }
}
