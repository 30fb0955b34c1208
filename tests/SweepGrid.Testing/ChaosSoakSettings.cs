using System.Collections.Immutable;
using System.Globalization;

namespace SweepGrid.Testing;

/// <summary>One soak: the sweep to run, the cluster, the faults in order, and the fuse modes to run it under.</summary>
public sealed record ChaosSoakSettings
{
    public required string Version { get; init; }
    /// <summary>data.dir of the spec: a directory holding mnist/.</summary>
    public required string DataDirectory { get; init; }
    public int? TrainLimit { get; init; }
    public int Hidden { get; init; } = 256;
    public ImmutableArray<double> WeightDecays { get; init; } = [5e-2, 5e-3, 5e-4, 5e-6];
    public ImmutableArray<int> Seeds { get; init; } = [1, 2, 3, 4];
    public int Epochs { get; init; } = 6;
    public int BatchSize { get; init; } = 64;
    public int Silos { get; init; } = 3;
    public ImmutableArray<ChaosFault> Faults { get; init; } = [];
    public TimeSpan PostgresOutage { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>resources.fuse values, each a separate run on a fresh cluster and database.</summary>
    public ImmutableArray<string> FuseModes { get; init; } = ["off", "auto"];
    /// <summary>How long after a fault the next recorded epoch may take before the fault counts as not recovered.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(3);
    /// <summary>How long the whole sweep may take; trials unfinished by then count as orphaned.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromMinutes(30);
    public int RandomSeed { get; init; } = 20261201;
    /// <summary>Where silo logs and the reference run go.</summary>
    public required string WorkDirectory { get; init; }

    public int Trials => WeightDecays.Length * Seeds.Length;

    /// <summary>
    /// Minutes on a 2-core machine: the committed MNIST subset, four trials, still one kill of a training silo,
    /// one PostgreSQL restart and one whole-cluster kill, fuse off, checked bit for bit.
    /// </summary>
    public static ChaosSoakSettings Short(string workDirectory) => new()
    {
        Version = "short",
        DataDirectory = RepositoryLayout.MnistSubsetRoot,
        WeightDecays = [5e-2, 5e-4],
        Seeds = [1, 2],
        // Enough epochs (about 0.3 s each here) that each fault still finds trials mid-run after the previous recovered.
        Epochs = 30,
        // The whole-cluster kill last: restarted silos on the same ports wait for membership to retire their previous
        // generations (seen taking 5-60 s), and a slow recovery must not leave the other faults no sweep to hit.
        Faults = [ChaosFault.KillRandomSilo, ChaosFault.RestartPostgres, ChaosFault.KillWholeCluster],
        FuseModes = ["off"],
        RecoveryTimeout = TimeSpan.FromSeconds(90),
        CompletionTimeout = TimeSpan.FromMinutes(8),
        WorkDirectory = workDirectory,
    };

    /// <summary>
    /// The soak: 16 trials of an MLP (784-512-10) on 20,000 MNIST images, 6 epochs, six random kills, a PostgreSQL restart and a
    /// whole-cluster kill, under fuse off (checked bit for bit) and fuse auto.
    /// </summary>
    public static ChaosSoakSettings Full(string dataDirectory, string workDirectory) => new()
    {
        Version = "full",
        DataDirectory = dataDirectory,
        TrainLimit = 20_000,
        // Wide enough that the sweep outlasts its eight faults (each takes 5-30 s to recover from) in both modes.
        Hidden = 512,
        Faults =
        [
            ChaosFault.KillRandomSilo, ChaosFault.KillRandomSilo, ChaosFault.RestartPostgres, ChaosFault.KillRandomSilo,
            ChaosFault.KillRandomSilo, ChaosFault.KillWholeCluster, ChaosFault.KillRandomSilo, ChaosFault.KillRandomSilo,
        ],
        WorkDirectory = workDirectory,
    };

    /// <summary>The sweep spec for one fuse mode (named after it, so the two runs never share a sweep).</summary>
    public string SpecYaml(string fuse) => ChaosSpec.Yaml($"chaos-{fuse}", DataDirectory, TrainLimit, Hidden, WeightDecays, Seeds, Epochs, BatchSize, fuse);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Version}: {Silos} silos, {Trials} trials x {Epochs} epochs (hidden {Hidden}, train_limit {TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"}), faults {string.Join(", ", Faults)}, fuse {string.Join("/", FuseModes)}");
}
