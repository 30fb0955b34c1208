using Spectre.Console;
using SweepGrid.Contracts.Grains;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid delete &lt;sweep&gt;</c>: removes a finished or cancelled sweep for good (trial states, epochs,
/// checkpoints, registry entry). A running sweep is refused: cancel it first.
/// </summary>
public sealed class DeleteCommand(IAnsiConsole console) : ClusterCommand<SweepIdSettings>(console)
{
    protected override async Task<int> RunAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken ct)
    {
        if (await GetSweepAsync(grains, settings.Sweep) is null)
        {
            return ExitCodes.Failed;
        }
        var result = await grains.GetGrain<ISweepGrain>(settings.Sweep).DeleteAsync();
        if (!result.Deleted)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {result.Refusal}");
            return ExitCodes.Failed;
        }
        Console.MarkupLineInterpolated($"deleted {settings.Sweep}: {result.Trials} trials with their epochs and checkpoints");
        return ExitCodes.Ok;
    }
}
