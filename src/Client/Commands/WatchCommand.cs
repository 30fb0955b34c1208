using Spectre.Console;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Views;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid watch &lt;sweep&gt;</c>: live progress until the sweep ends; Ctrl+C detaches (the sweep goes on).</summary>
public sealed class WatchCommand(IAnsiConsole console) : ClusterCommand<SweepIdSettings>(console)
{
    protected override async Task<int> RunAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken ct)
    {
        if (await GetSweepAsync(grains, settings.Sweep) is null)
        {
            return ExitCodes.Failed;
        }
        var grain = grains.GetGrain<ISweepGrain>(settings.Sweep);
        var last = await SweepProgress.WatchAsync(Console, grain.GetAsync, TimeSpan.FromSeconds(1), ct);
        if (last is null || last.State == SweepState.Running)
        {
            Console.MarkupLine("[grey]detached; the sweep goes on[/]");
            return ExitCodes.Ok;
        }
        ResultsView.Write(Console, last, SweepAnalysis.Of(last));
        return last.Trials.Any(t => t.State == TrialState.Completed) ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
