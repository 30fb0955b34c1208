using Spectre.Console;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid list</c>: every sweep with its state and trial counts.</summary>
public sealed class ListCommand(IAnsiConsole console) : ClusterCommand<ClusterSettings>(console)
{
    protected override async Task<int> RunAsync(IGrainFactory grains, ClusterSettings settings, CancellationToken ct)
    {
        await WriteListAsync(Console, grains);
        return ExitCodes.Ok;
    }

    internal static async Task WriteListAsync(IAnsiConsole console, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ISweepRegistryGrain>(0).ListAsync();
        var table = new Table().Border(TableBorder.Rounded).AddColumns("sweep", "state", "trials", "completed", "running", "queued", "other", "submitted");
        foreach (var id in ids)
        {
            if (await grains.GetGrain<ISweepGrain>(id).GetSummaryAsync() is not { } s)
            {
                continue;
            }
            int Count(params TrialState[] states) => s.Trials.Count(t => states.Contains(t.State));
            table.AddRow(Markup.Escape(id), s.State.ToString().ToLowerInvariant(), $"{s.Trials.Length}", $"{Count(TrialState.Completed)}",
                $"{Count(TrialState.Running)}", $"{Count(TrialState.Queued, TrialState.Pending)}",
                $"{Count(TrialState.Diverged, TrialState.Failed, TrialState.Cancelled)}", $"{s.SubmittedAt:u}");
        }
        console.Write(table);
    }
}
