using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SweepGrid.Bench.Search;

/// <summary>
/// Part (a): ASHA on Fashion-MNIST over a 27-point grid (3 weight decays × 9 learning rates, both log-spaced), measured
/// through the product: the same sweep run twice by <c>sweepgrid run</c>, once to the end and once with ASHA, each in its
/// own process and run directory. Figures come from the two results.json files.
/// </summary>
internal static class PartA
{
    /// <summary>The two sweeps' shared spec; <paramref name="stopping"/> is the early_stopping line or empty.</summary>
    public static string Spec(string name, int epochs, string stopping) => string.Create(CultureInfo.InvariantCulture, $$"""
        name: {{name}}
        data: { dataset: fashion-mnist }
        model: { hidden: [256, 128], activation: relu }
        optimizer: { lr: 0.05, momentum: 0.9 }
        sweep:
          weight_decay: { log_range: { min: 1e-6, max: 1e-1, count: 3 } }
          lr: { log_range: { min: 1e-3, max: 0.3, count: 9 } }
          seeds: [1]
        epochs: {{epochs}}
        batch_size: 64
        selection: { metric: test_loss, mode: min, scope: last }
        resources: { device: cpu, fuse: auto }
        {{stopping}}
        """);

    public static JsonObject Run(string repositoryRoot, int epochs, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var grid = Sweep(repositoryRoot, workDirectory, "search-bench-grid", epochs, "");
        var asha = Sweep(repositoryRoot, workDirectory, "search-bench-asha", epochs, "early_stopping: { algorithm: asha, metric: test_loss, mode: min, grace_epochs: 1, reduction_factor: 3 }");
        var gridBest = Best(grid.Results);
        var ashaBest = Best(asha.Results);
        var gridEpochs = TrialEpochs(grid.Results);
        var ashaEpochs = TrialEpochs(asha.Results);
        var gap = ashaBest.TestLoss - gridBest.TestLoss;
        var fraction = (double)ashaEpochs / gridEpochs;
        var stopped = asha.Results["trials"]!.AsArray().Where(t => t!["state"]!.GetValue<string>() == "stopped").ToList();
        return new JsonObject
        {
            ["status"] = "measured through the product (sweepgrid run, embedded cluster, CPU)",
            ["experiment"] = "the same 27-point grid (weight_decay log_range 1e-6..1e-1 count 3 × lr log_range 1e-3..0.3 count 9) run to the end, then with ASHA (grace 1, reduction factor 3, rungs 1, 3, 9)",
            ["data"] = "Fashion-MNIST, all 60,000 train / 10,000 test images",
            ["model"] = $"mlp 784-256-128-10 relu, cross entropy, SGD momentum 0.9, batch 64, {epochs} epochs, fused groups (fuse: auto)",
            ["grid"] = Figures(grid, gridBest, gridEpochs),
            ["asha"] = Figures(asha, ashaBest, ashaEpochs),
            ["asha.trial_epoch_fraction"] = fraction,
            ["asha.best_test_loss_gap"] = gap,
            ["asha.finds_grid_best"] = Math.Abs(gap) <= 0.005,
            ["asha.within_a_third_of_the_grid"] = fraction <= 1.0 / 3,
            ["asha.stopped_by_rung"] = new JsonObject(stopped.GroupBy(t => t!["stopped_at"]!.GetValue<int>()).OrderBy(g => g.Key)
                .Select(g => KeyValuePair.Create(g.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)g.Count()))),
            ["asha.wall_time_fraction"] = asha.WallSeconds / grid.WallSeconds,
        };
    }

    private sealed record SweepRun(string Name, JsonObject Results, double WallSeconds, double CpuSeconds, string Command);

    private static SweepRun Sweep(string repositoryRoot, string workDirectory, string name, int epochs, string stopping)
    {
        var specPath = Path.Combine(workDirectory, name + ".yaml");
        File.WriteAllText(specPath, Spec(name, epochs, stopping));
        var runDir = Path.Combine(workDirectory, name);
        if (Directory.Exists(runDir))
        {
            // A fresh run: a run directory resumes what it holds.
            Directory.Delete(runDir, recursive: true);
        }
        var cli = Path.Combine(repositoryRoot, "src", "Client", "bin", "Release", "net10.0", "sweepgrid.dll");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"{cli} is not built: run scripts/setup.sh first", cli);
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "run", specPath, "--run-dir", runDir })
        {
            start.ArgumentList.Add(a);
        }
        Console.WriteLine($"part a: sweepgrid run {specPath} --run-dir {runDir}");
        var cpuBefore = ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        // A process that has exited has no /proc entry to read; the CPU time of waited-for children is this process's.
        var cpu = ChildrenCpuSeconds() - cpuBefore;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"sweepgrid run {name} exited {process.ExitCode}: {stderr.Result}{stdout.Result[^Math.Min(2000, stdout.Result.Length)..]}");
        }
        var results = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "results.json")))!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"part a: {name} done in {clock.Elapsed.TotalSeconds:F0} s"));
        return new SweepRun(name, results, clock.Elapsed.TotalSeconds, cpu, $"sweepgrid run {name}.yaml");
    }

    /// <summary>User and system CPU-seconds of this process's waited-for children (cutime + cstime in /proc/self/stat).</summary>
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static (string Label, double TestLoss) Best(JsonObject results)
    {
        var winner = results["selection"]!["winner"] ?? throw new InvalidOperationException("the sweep chose nothing");
        return (winner["label"]!.GetValue<string>(), winner["value"]!.GetValue<double>());
    }

    private static long TrialEpochs(JsonObject results) => results["trials"]!.AsArray().Sum(t => (long)t!["epochs"]!.AsArray().Count);

    private static JsonObject Figures(SweepRun run, (string Label, double TestLoss) best, long trialEpochs) => new()
    {
        ["sweep"] = run.Name,
        ["trials"] = run.Results["trials"]!.AsArray().Count,
        ["trial_epochs"] = trialEpochs,
        ["best_configuration"] = best.Label,
        ["best_test_loss"] = best.TestLoss,
        ["wall_seconds"] = run.WallSeconds,
        ["cpu_seconds"] = run.CpuSeconds,
        ["states"] = new JsonObject(run.Results["trials"]!.AsArray().GroupBy(t => t!["state"]!.GetValue<string>()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
    };
}
