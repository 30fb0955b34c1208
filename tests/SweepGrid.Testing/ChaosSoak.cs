using SweepGrid.Contracts.Grains;
using System.Collections.Immutable;
using System.Diagnostics;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// The soak: for each fuse mode, a fresh cluster on a fresh private PostgreSQL runs the sweep while the faults
/// are injected one after another, each once the sweep has made its share of progress (fault k of F at
/// k/(F+1) of all epochs, with a trial at least two epochs from its end) and after the previous one recovered. Then the stored trials are checked and, with
/// fuse off, compared bit for bit with an uninterrupted `sweepgrid run` of the same spec.
/// </summary>
public static class ChaosSoak
{
    public static async Task<ChaosReport> RunAsync(ChaosSoakSettings settings, TextWriter log)
    {
        var started = DateTimeOffset.UtcNow;
        log.WriteLine($"chaos soak {settings}");
        ImmutableArray<TrialInfo>? reference = null;
        var referenceSeconds = 0.0;
        if (settings.FuseModes.Contains("off"))
        {
            var clock = Stopwatch.StartNew();
            reference = await ReferenceRun.RunAsync(settings.SpecYaml("off"), Path.Combine(settings.WorkDirectory, "reference"), settings.CompletionTimeout);
            referenceSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
            log.WriteLine($"reference run (sweepgrid run, uninterrupted): {referenceSeconds:F0}s");
        }
        var modes = ImmutableSortedDictionary.CreateBuilder<string, ChaosModeReport>();
        foreach (var fuse in settings.FuseModes)
        {
            modes[$"fuse_{fuse}"] = await RunModeAsync(settings, fuse, fuse == "off" ? reference : null, log);
        }
        return new ChaosReport(settings.Version, started, settings.ToString(), Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            referenceSeconds, modes.ToImmutable());
    }

    public static async Task<ChaosModeReport> RunModeAsync(ChaosSoakSettings settings, string fuse, ImmutableArray<TrialInfo>? reference, TextWriter log)
    {
        var yaml = settings.SpecYaml(fuse);
        var name = $"chaos-{fuse}";
        var logs = Path.Combine(settings.WorkDirectory, $"fuse-{fuse}");
        await using var cluster = await ChaosCluster.StartAsync(settings.Silos, log, logDirectory: logs);
        log.WriteLine($"fuse {fuse}: silo logs in {logs}");
        var submitted = await cluster.Sweep(name).SubmitAsync(yaml, $"{name}.yaml");
        if (!submitted.Accepted)
        {
            throw new InvalidOperationException($"the chaos spec was rejected: {string.Join("; ", submitted.Problems)}");
        }
        var clock = Stopwatch.StartNew();
        var total = settings.Trials * settings.Epochs;
        var faults = new List<FaultRecord>();
        // Epochs are sighted in the trial grains themselves: the sweep's view lags while its own silo is being declared dead.
        var reader = new StoredTrialReader(cluster, name, SpecParser.Parse(yaml), submitted.NewTrials);
        await using var watch = EpochWatch.Start(reader.ReadAsync);
        // A sweep that records nothing for this long is stuck: waiting longer would only hide it.
        bool Stalled() => watch.SinceLastNewEpoch > settings.RecoveryTimeout;
        var injector = new FaultInjector(cluster, watch, settings.Epochs, settings.PostgresOutage, settings.RecoveryTimeout, new Random(settings.RandomSeed), log);
        for (var k = 0; k < settings.Faults.Length; k++)
        {
            // Spread over the first ~80% of the epochs, so the last fault still finds trials mid-run.
            var due = (int)Math.Ceiling(total * (k + 1.0) / (settings.Faults.Length + 2));
            var (_, now) = await Wait.TryUntilAsync(() => watch.RefreshAsync(),
                s => s!.State != SweepState.Running || Stalled() || s.Trials.Sum(t => t.Epochs.Length) >= due && s.Trials.Any(t => t.State == TrialState.Running && t.Epochs.Length <= settings.Epochs - 2),
                settings.CompletionTimeout - clock.Elapsed);
            if (now is null || now.State != SweepState.Running || Stalled() || clock.Elapsed >= settings.CompletionTimeout)
            {
                log.WriteLine($"fault {k + 1} ({settings.Faults[k]}) not injected: the sweep is {(Stalled() ? "stalled" : now?.State.ToString() ?? "unreadable")} at {clock.Elapsed.TotalSeconds:F0}s");
                break;
            }
            log.WriteLine($"fault {k + 1}/{settings.Faults.Length} at {now.Trials.Sum(t => t.Epochs.Length)}/{total} epochs: {settings.Faults[k]}");
            faults.Add(await injector.InjectAsync(settings.Faults[k]));
        }
        var (completed, last) = await Wait.TryUntilAsync(async () => await cluster.Grains.ReadSweepAsync(name), s => s!.State != SweepState.Running || Stalled(),
            settings.CompletionTimeout - clock.Elapsed);
        completed = completed && last!.State != SweepState.Running;
        var wall = clock.Elapsed.TotalSeconds;
        log.WriteLine($"fuse {fuse}: sweep {(completed ? last!.State.ToString() : $"not finished ({SweepWaits.Describe(last)})")} after {wall:F0}s");
        var stored = await cluster.StoredTrialsAsync(name, submitted.NewTrials);
        var outcome = ChaosOutcome.Of(stored, settings.Epochs);
        var diffs = reference is { } r ? BitIdentity.Differences(r, stored) : [];
        if (!outcome.IsClean || !diffs.IsEmpty)
        {
            await File.WriteAllTextAsync(Path.Combine(logs, "silos-tail.log"), cluster.Logs());
        }
        return Report(settings, fuse, faults, outcome, wall, reference is null ? null : diffs);
    }

    private static ChaosModeReport Report(ChaosSoakSettings settings, string fuse, List<FaultRecord> faults, ChaosOutcome outcome, double wall, ImmutableArray<string>? diffs)
    {
        ImmutableArray<double> Recoveries(params ChaosFault[] kinds) =>
            [.. faults.Where(f => kinds.Contains(f.Fault) && f.RecoverySeconds is not null).Select(f => f.RecoverySeconds!.Value)];
        return new ChaosModeReport
        {
            Fuse = fuse,
            Trials = settings.Trials,
            Epochs = settings.Epochs,
            Kills = faults.Count(f => f.Fault is ChaosFault.KillRandomSilo or ChaosFault.KillSchedulerHost),
            SchedulerHostKills = faults.Count(f => f.Fault == ChaosFault.KillSchedulerHost),
            PostgresRestarts = faults.Count(f => f.Fault == ChaosFault.RestartPostgres),
            WholeClusterKills = faults.Count(f => f.Fault == ChaosFault.KillWholeCluster),
            EpochsLost = outcome.EpochsLost,
            EpochsDuplicated = outcome.EpochsDuplicated,
            TrialsOrphaned = outcome.TrialsOrphaned,
            AttemptsFailed = outcome.AttemptsFailed,
            TrialsNotCompleted = outcome.TrialsNotCompleted,
            FaultsNotRecovered = faults.Count(f => f.RecoverySeconds is null),
            RecoveryAfterSiloDeathSeconds = Recoveries(ChaosFault.KillRandomSilo, ChaosFault.KillSchedulerHost),
            RecoveryAfterPostgresReturnSeconds = Recoveries(ChaosFault.RestartPostgres),
            RecoveryAfterWholeClusterKillSeconds = Recoveries(ChaosFault.KillWholeCluster),
            WallSeconds = Math.Round(wall, 1),
            BitIdentical = diffs is { } d ? d.IsEmpty : null,
            BitDifferences = diffs is { } x ? [.. x.Take(50)] : [],
            Problems = outcome.Problems,
            Faults = [.. faults],
        };
    }
}
