using Spectre.Console;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Cluster;
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
        var view = await SweepProgress.WatchAsync(Console, SweepStream.FollowAsync(grains, settings.Sweep, ct), ct);
        if (view is null || view.State == SweepState.Running)
        {
            Console.MarkupLine("[grey]detached; the sweep goes on[/]");
            return ExitCodes.Ok;
        }
        // Finished: now, once, every trial's epochs for the results.
        var last = await grains.ReadEpochsAsync(view.ToSummary(), CancellationToken.None);
        ResultsView.Write(Console, last, SweepAnalysis.Of(last));
        return last.Trials.Any(t => t.State == TrialState.Completed) ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
