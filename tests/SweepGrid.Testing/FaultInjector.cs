using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// Injects one fault at a time into a <see cref="ChaosCluster"/> and measures its recovery with an <see cref="EpochWatch"/>.
/// Random kills prefer silos whose trials were hit least, so that chance alone never drives one trial to its
/// silo-death limit (that behaviour has its own test).
/// </summary>
public sealed class FaultInjector(ChaosCluster cluster, EpochWatch watch, int epochs, TimeSpan outage, TimeSpan recoveryTimeout, Random random, TextWriter log)
{
    private readonly Dictionary<string, int> _hits = [];

    public Task<FaultRecord> InjectAsync(ChaosFault fault) => fault switch
    {
        ChaosFault.KillRandomSilo => KillSiloAsync(fault, sweep => Task.FromResult(PickTrainingSilo(sweep))),
        ChaosFault.KillSchedulerHost => KillSiloAsync(fault, _ => cluster.SchedulerHostAsync()),
        ChaosFault.RestartPostgres => RestartPostgresAsync(),
        ChaosFault.KillWholeCluster => KillWholeClusterAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault"),
    };

    private async Task<FaultRecord> KillSiloAsync(ChaosFault fault, Func<SweepInfo, Task<SiloProcess>> pick)
    {
        var sweep = await watch.RefreshAsync() ?? throw new InvalidOperationException("no sweep to inject faults into");
        var victim = await pick(sweep);
        var hit = Running(sweep).Where(t => victim.Is(t.Silo)).ToList();
        Count(hit);
        var at = DateTime.UtcNow;
        await cluster.KillAndRestartAsync(victim);
        var detail = $"silo :{victim.SiloPort} running [{string.Join(", ", hit.Select(t => $"{t.TrialId}@{t.Epochs.Length}"))}]";
        // The hit trials must move again, and from a live silo: an epoch the dead one reported just before it died does not count.
        var recovery = hit.Count == 0
            ? await RecoveryAsync(at, _ => true)
            : await RecoveryOfAllAsync(at, hit);
        return Done(fault, at, detail, recovery);
    }

    private async Task<FaultRecord> RestartPostgresAsync()
    {
        var sweep = await watch.RefreshAsync();
        var at = DateTime.UtcNow;
        var back = await cluster.CutPostgresOffAsync(outage);
        var running = sweep is null ? "" : $" with [{string.Join(", ", Running(sweep).Select(t => $"{t.TrialId}@{t.Epochs.Length}"))}] running";
        return Done(ChaosFault.RestartPostgres, at, $"PostgreSQL down {(back - at).TotalSeconds:F1}s{running}", await RecoveryAsync(back, _ => true));
    }

    private async Task<FaultRecord> KillWholeClusterAsync()
    {
        var sweep = await watch.RefreshAsync() ?? throw new InvalidOperationException("no sweep to inject faults into");
        var hit = Running(sweep).ToList();
        Count(hit);
        var before = sweep.Trials.Select(t => t.Silo).OfType<string>().ToHashSet();
        var at = DateTime.UtcNow;
        await cluster.KillAllAndRestartAsync();
        // Every silo is a new generation now: an epoch counts once a trial reports it from one of them.
        var recovery = await RecoveryAsync(at, s => s.Silo is not null && !before.Contains(s.Silo));
        return Done(ChaosFault.KillWholeCluster, at, $"{cluster.Silos.Count} silos running [{string.Join(", ", hit.Select(t => $"{t.TrialId}@{t.Epochs.Length}"))}]", recovery);
    }

    private SiloProcess PickTrainingSilo(SweepInfo sweep)
    {
        var candidates = Running(sweep)
            .GroupBy(t => cluster.SiloOf(t.Silo))
            .Where(g => g.Key is not null && !g.Key.HasExited)
            .Select(g => (Silo: g.Key!, Hits: g.Max(t => _hits.GetValueOrDefault(t.TrialId))))
            .ToList();
        if (candidates.Count == 0)
        {
            // Nothing trains right now: any silo, its death still exercises membership and grain moves.
            return cluster.Silos[random.Next(cluster.Silos.Count)];
        }
        var least = candidates.Min(c => c.Hits);
        var pool = candidates.Where(c => c.Hits == least).ToList();
        return pool[random.Next(pool.Count)].Silo;
    }

    private IEnumerable<TrialInfo> Running(SweepInfo sweep) =>
        sweep.Trials.Where(t => t.State == TrialState.Running && t.Silo is not null && t.Epochs.Length < epochs);

    private void Count(IEnumerable<TrialInfo> hit)
    {
        foreach (var t in hit)
        {
            _hits[t.TrialId] = _hits.GetValueOrDefault(t.TrialId) + 1;
        }
    }

    private async Task<double?> RecoveryOfAllAsync(DateTime at, IReadOnlyList<TrialInfo> hit)
    {
        // One deadline for all: a fused group that never moves again must not cost the timeout once per member.
        var deadline = DateTime.UtcNow + recoveryTimeout;
        double? slowest = 0;
        foreach (var t in hit)
        {
            var r = await RecoveryAsync(at, s => s.TrialId == t.TrialId && s.Epoch > t.Epochs.Length && s.Silo != t.Silo, deadline - DateTime.UtcNow);
            slowest = r is null || slowest is null ? null : Math.Max(slowest.Value, r.Value);
        }
        return slowest;
    }

    private async Task<double?> RecoveryAsync(DateTime after, Func<EpochSighting, bool> match, TimeSpan? timeout = null)
    {
        var (found, sighting) = await Wait.TryUntilAsync(() => Task.FromResult(watch.FirstAfter(after, match)), s => s is not null, timeout ?? recoveryTimeout);
        return found ? (sighting!.SeenAt - after).TotalSeconds : null;
    }

    private FaultRecord Done(ChaosFault fault, DateTime at, string detail, double? recovery)
    {
        var record = new FaultRecord(fault, at, detail, recovery is { } r ? Math.Round(r, 2) : null);
        log.WriteLine($"{fault}: {detail}; next epoch after {(recovery is { } s ? $"{s:F1}s" : $"none within {recoveryTimeout.TotalSeconds:F0}s")}");
        return record;
    }
}
