using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid prune --older-than DAYS</c>: deletes every completed or cancelled sweep that finished longer ago than
/// that, so the registry and the database do not grow without end. Running sweeps are never touched.
/// </summary>
public sealed class PruneCommand(IAnsiConsole console) : ClusterCommand<PruneCommand.Settings>(console)
{
    public sealed class Settings : ClusterSettings
    {
        [CommandOption("--older-than <DAYS>")]
        [Description("Delete sweeps that finished more than this many days ago (fractions allowed, e.g. 0.5)")]
        public double OlderThan { get; init; } = -1;

        [CommandOption("--dry-run")]
        [Description("List what would be deleted, delete nothing")]
        public bool DryRun { get; init; }

        public override ValidationResult Validate() => OptionChecks.First(
            OlderThan < 0 || !double.IsFinite(OlderThan) || OlderThan > 36_500
                ? ValidationResult.Error("--older-than: required, a number of days between 0 and 36500")
                : ValidationResult.Success(),
            base.Validate());
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(settings.OlderThan);
        var pruned = 0;
        var failed = 0;
        foreach (var id in await grains.GetGrain<ISweepRegistryGrain>(0).ListAsync())
        {
            ct.ThrowIfCancellationRequested();
            var sweep = await grains.GetGrain<ISweepGrain>(id).GetSummaryAsync();
            if (sweep is not { State: SweepState.Completed or SweepState.Cancelled, FinishedAt: { } finished } || finished >= cutoff)
            {
                continue;
            }
            if (settings.DryRun)
            {
                Console.MarkupLineInterpolated($"would delete {id} ({sweep.State.ToString().ToLowerInvariant()} {finished:u})");
                pruned++;
                continue;
            }
            var result = await grains.GetGrain<ISweepGrain>(id).DeleteAsync();
            if (result.Deleted)
            {
                Console.MarkupLineInterpolated($"deleted {id} ({result.Trials} trials, finished {finished:u})");
                pruned++;
            }
            else
            {
                Console.MarkupLineInterpolated($"[yellow]kept[/] {id}: {result.Refusal}");
                failed++;
            }
        }
        Console.MarkupLineInterpolated($"{pruned} sweeps {(settings.DryRun ? "to delete" : "deleted")}, finished before {cutoff:u}");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
