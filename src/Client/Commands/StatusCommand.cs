using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid status [&lt;sweep&gt;]</c>: one sweep's trials, or every sweep (as <c>list</c>).</summary>
public sealed class StatusCommand(IAnsiConsole console) : ClusterCommand<StatusCommand.Settings>(console)
{
    public sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "[sweep]")]
        [Description("Sweep id; omitted: all sweeps")]
        public string? Sweep { get; init; }
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        if (settings.Sweep is null)
        {
            await ListCommand.WriteListAsync(Console, grains);
            return ExitCodes.Ok;
        }
        if (await GetSweepAsync(grains, settings.Sweep) is not { } sweep)
        {
            return ExitCodes.Failed;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("trial", "decay", "seed", "act/loss", "state", "epochs", "test acc", "silo", "note");
        foreach (var t in sweep.Trials)
        {
            var last = t.Latest;
            table.AddRow(Markup.Escape(t.TrialId), Markup.Escape(Contracts.Spec.DecayLabel.Format(t.Point.WeightDecay)), t.Point.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape($"{t.Point.Activation.Keyword()}/{t.Point.Loss.Keyword()}"), t.State.Name(), $"{t.Epochs}/{sweep.Spec.Epochs}",
                last is null ? "-" : last.TestAccuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(t.Silo ?? "-"), Markup.Escape(Note(t)));
        }
        Console.MarkupLineInterpolated($"[bold]{sweep.SweepId}[/] {sweep.State.ToString().ToLowerInvariant()}, submitted {sweep.SubmittedAt:u}");
        Console.Write(table);
        return ExitCodes.Ok;
    }

    private static string Note(TrialSummary t)
    {
        var parts = new List<string>();
        if (t.Message is { Length: > 0 } m)
        {
            parts.Add(m);
        }
        if (t.Resumes > 0)
        {
            parts.Add($"resumed {t.Resumes}x");
        }
        if (!t.FusedWith.IsDefaultOrEmpty)
        {
            parts.Add($"fused with {string.Join(",", t.FusedWith)}");
        }
        return string.Join("; ", parts);
    }
}
