using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Reports;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid report &lt;sweep&gt; [--out DIR]</c>: writes plots, results.json, metrics.csv and report.md.</summary>
public sealed class ReportCommand(IAnsiConsole console) : ClusterCommand<ReportCommand.Settings>(console)
{
    public sealed class Settings : SweepIdSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output directory (default: runs/<sweep>)")]
        public string? Out { get; init; }

        public override ValidationResult Validate() => OptionChecks.First(base.Validate(), OptionChecks.Directory("--out", Out));
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
