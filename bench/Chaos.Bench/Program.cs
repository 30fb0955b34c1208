using System.Text.Json;
using SweepGrid.Testing;
using SweepGrid.Trainer.Data;

// The chaos soak (results: bench/results/chaos.json). A real PostgreSQL of its own, three silo processes,
// kill -9 and restarts, a database outage and a whole-cluster kill while a sweep trains; the figures come
// from the stored trials. Run through scripts/chaos.sh, which builds and fetches MNIST first.
var help = """
    chaos-bench [--short] [--fuse off|auto] [--out PATH] [--work-dir DIR] [--seed N]
      --short     the committed MNIST subset, 4 trials x 12 epochs, 1 random kill, 1 PostgreSQL restart, 1 whole-cluster kill,
                  fuse off only (still checked bit for bit); minutes instead of tens of minutes
      --fuse      only this fuse mode (default: off and auto; --short runs off)
      --out       the JSON report (default bench/results/chaos.json under the repository root)
      --work-dir  silo logs and the reference run (default a new directory under the system temp directory)
      --seed      seed of the random choice of victims (default 20261201)
    Exit code: 0 when every figure is clean, 1 when any is not, 2 for a bad argument.
    """;
var argv = args.ToList();
if (argv.Contains("--help") || argv.Contains("-h"))
{
    Console.WriteLine(help);
    return 0;
}
string? Arg(string name) => argv.IndexOf(name) is var i and >= 0 ? (i + 1 < argv.Count ? argv[i + 1] : throw new ArgumentException($"{name} needs a value")) : null;
var known = new HashSet<string> { "--short", "--fuse", "--out", "--work-dir", "--seed" };
if (argv.Where((a, i) => a.StartsWith("--", StringComparison.Ordinal) && !known.Contains(a)).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"chaos-bench: unknown option '{unknown}'\n{help}");
    return 2;
}
var outPath = Path.GetFullPath(Arg("--out") ?? RepositoryLayout.PathOf("bench", "results", "chaos.json"));
var work = Arg("--work-dir") ?? Path.Combine(Path.GetTempPath(), $"sweepgrid-chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
var seed = Arg("--seed") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 20261201;
var settings = argv.Contains("--short")
    ? ChaosSoakSettings.Short(work)
    : ChaosSoakSettings.Full(DataDirectory.Resolve(null), work);
settings = settings with { RandomSeed = seed };
if (Arg("--fuse") is { } fuse)
{
    if (fuse is not ("off" or "auto"))
    {
        Console.Error.WriteLine($"chaos-bench: --fuse must be off or auto, got '{fuse}'");
        return 2;
    }
    settings = settings with { FuseModes = [fuse] };
}
if (!argv.Contains("--short") && !DataDirectory.IsPresent(settings.DataDirectory, DatasetNames.Mnist))
{
    Console.Error.WriteLine($"chaos-bench: MNIST is not in {settings.DataDirectory}; run scripts/sweepgrid data fetch mnist (scripts/chaos.sh does)");
    return 2;
}
Directory.CreateDirectory(work);
var log = TextWriter.Synchronized(Console.Out);
var report = await ChaosSoak.RunAsync(settings, log);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
});
Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
await File.WriteAllTextAsync(outPath, json + "\n");
foreach (var (mode, m) in report.Modes)
{
    Console.WriteLine($"{mode}: kills {m.Kills}, postgres_restarts {m.PostgresRestarts}, whole_cluster_kills {m.WholeClusterKills}; " +
        $"epochs_lost {m.EpochsLost}, epochs_duplicated {m.EpochsDuplicated}, trials_orphaned {m.TrialsOrphaned}, attempts_failed {m.AttemptsFailed}, " +
        $"trials_not_completed {m.TrialsNotCompleted}, faults_not_recovered {m.FaultsNotRecovered}, bit_identical {m.BitIdentical?.ToString() ?? "-"}; " +
        $"recovery max: silo death {m.RecoveryAfterSiloDeathMaxSeconds?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}s, " +
        $"database return {m.RecoveryAfterPostgresReturnMaxSeconds?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}s; wall {m.WallSeconds:F0}s");
    foreach (var p in m.Problems.Concat(m.BitDifferences.Take(10)))
    {
        Console.WriteLine($"  {p}");
    }
}
Console.WriteLine($"wrote {outPath}; logs in {work}");
return report.Clean ? 0 : 1;
