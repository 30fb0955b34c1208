using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Grains;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid submit &lt;spec&gt;</c>: hands a sweep to the cluster and prints its id (the cluster validates it).</summary>
public sealed class SubmitCommand(IAnsiConsole console) : ClusterCommand<SubmitCommand.Settings>(console)
{
    public sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "<spec>")]
        [Description("Sweep spec (YAML)")]
        public string Spec { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        if (!File.Exists(settings.Spec))
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {settings.Spec}: not found");
            return ExitCodes.BadInput;
        }
        var yaml = await File.ReadAllTextAsync(settings.Spec, ct);
        // The sweep id is the spec's name; read it without validating (the cluster validates, listing every problem).
        var name = YamlName(yaml) ?? Path.GetFileNameWithoutExtension(settings.Spec);
        var result = await grains.GetGrain<ISweepGrain>(name).SubmitAsync(yaml, settings.Spec);
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

    private static string? YamlName(string yaml)
    {
        foreach (var line in yaml.Split('\n'))
        {
            var t = line.Trim();
            if (t.StartsWith("name:", StringComparison.Ordinal))
            {
                var v = t["name:".Length..].Trim().Trim('"', '\'');
                return v.Length > 0 ? v : null;
            }
        }
        return null;
    }
}
