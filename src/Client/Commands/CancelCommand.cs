using Spectre.Console;
using SweepGrid.Contracts.Grains;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid cancel &lt;sweep&gt;</c>: stops its trials (running ones within about a batch); recorded epochs stay.</summary>
public sealed class CancelCommand(IAnsiConsole console) : ClusterCommand<SweepIdSettings>(console)
{
    protected override async Task<int> RunAsync(IGrainFactory grains, SweepIdSettings settings, CancellationToken ct)
    {
        if (await GetSweepAsync(grains, settings.Sweep) is null)
        {
            return ExitCodes.Failed;
        }
        await grains.GetGrain<ISweepGrain>(settings.Sweep).CancelAsync();
        Console.MarkupLineInterpolated($"cancelled {settings.Sweep}; recorded epochs are kept (submit the spec again to resume)");
        return ExitCodes.Ok;
    }
}
