using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Reports;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid report &lt;sweep | results.json&gt; [--out DIR]</c>: writes plots, results.json, metrics.csv, report.md and
/// report.html, from the cluster or, given a results.json file, from that file alone (for runs made before an output
/// existed, or on another machine).
/// </summary>
public sealed class ReportCommand(IAnsiConsole console) : ClusterCommand<ReportCommand.Settings>(console)
{
    public sealed class Settings : SweepIdSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output directory (default: runs/<sweep>, or the results.json file's directory)")]
        public string? Out { get; init; }

        public override ValidationResult Validate() => OptionChecks.First(base.Validate(), OptionChecks.Directory("--out", Out));
    }

    /// <summary>A results.json needs no cluster: the report is rebuilt from the file before any connection is made.</summary>
    protected override int? Prepare(Settings settings)
    {
        if (!settings.Sweep.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !File.Exists(settings.Sweep))
        {
            return null;
        }
        try
        {
            var sweep = RunOutputs.ReadResults(settings.Sweep);
            var dir = Path.GetFullPath(settings.Out ?? Path.GetDirectoryName(Path.GetFullPath(settings.Sweep))!);
            var analysis = RunOutputs.WriteAll(sweep, dir);
            Console.MarkupLineInterpolated($"Report: {Path.Combine(dir, RunOutputs.ReportHtml)}; {analysis.Selection.Reason}");
            return ExitCodes.Ok;
        }
        catch (InvalidDataException e)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failed;
        }
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        if (await ReadSweepAsync(grains, settings.Sweep, ct) is not { } sweep)
        {
            return ExitCodes.Failed;
        }
        var dir = Path.GetFullPath(settings.Out ?? Path.Combine("runs", sweep.SweepId));
        var analysis = RunOutputs.WriteAll(sweep, dir);
        Console.MarkupLineInterpolated($"Report: {Path.Combine(dir, RunOutputs.ReportMd)}; {analysis.Selection.Reason}");
        return ExitCodes.Ok;
    }
}
