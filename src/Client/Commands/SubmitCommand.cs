using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid submit &lt;spec&gt;</c>: validates the spec locally, hands the sweep to the cluster (which validates it again) and prints its id.</summary>
public sealed class SubmitCommand(IAnsiConsole console) : ClusterCommand<SubmitCommand.Settings>(console)
{
    public sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "<spec>")]
        [Description("Sweep spec (YAML)")]
        public string Spec { get; init; } = "";
    }

    private string _yaml = "";
    private SweepSpec? _spec;

    protected override int? Prepare(Settings settings)
    {
        // The same parser and limits as the cluster's, so a bad spec is refused here with every problem, at once.
        try
        {
            _yaml = SpecFile.Read(settings.Spec);
            _spec = SpecParser.Parse(_yaml, settings.Spec);
            return null;
        }
        catch (SpecException e)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        var result = await grains.GetGrain<ISweepGrain>(_spec!.Name).SubmitAsync(_yaml, settings.Spec);
        if (!result.Accepted)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {settings.Spec}: invalid spec ({result.Problems.Length} problems):");
            foreach (var p in result.Problems)
            {
                Console.MarkupLineInterpolated($"  {p}");
            }
            return ExitCodes.BadInput;
        }
        Console.WriteLine(result.SweepId);
        Console.MarkupLineInterpolated($"[grey]{result.NewTrials.Length} new trials queued, {result.ExistingTrials.Length} already known. Follow with: sweepgrid watch {result.SweepId}[/]");
        return ExitCodes.Ok;
    }
}
