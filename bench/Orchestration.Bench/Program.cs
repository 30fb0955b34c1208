using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepGrid.Bench.Orchestration;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Training;

// Orchestration overhead, two ways (results: bench/results/orchestration.json):
//  (a) real training: the same trials, one slot, straight through the trainer vs through the cluster;
//      overhead = (cluster wall - direct wall) / direct wall, medians of alternating rounds.
//  (b) bookkeeping at scale: trials whose epochs only wait, many slots; overhead vs the ideal wall time.
var args2 = args.ToList();
string Arg(string name, string fallback) => args2.IndexOf(name) is var i and >= 0 && i + 1 < args2.Count ? args2[i + 1] : fallback;
var outPath = Arg("--out", "bench/results/orchestration.json");
var rounds = int.Parse(Arg("--rounds", "3"), CultureInfo.InvariantCulture);
var scaleTrials = int.Parse(Arg("--scale-trials", "2000"), CultureInfo.InvariantCulture);
var scaleSlots = int.Parse(Arg("--scale-slots", "16"), CultureInfo.InvariantCulture);
var scaleEpoch = double.Parse(Arg("--scale-epoch-seconds", "1"), CultureInfo.InvariantCulture);
var realTrials = int.Parse(Arg("--real-trials", "3"), CultureInfo.InvariantCulture);
var realEpochs = int.Parse(Arg("--real-epochs", "8"), CultureInfo.InvariantCulture);

if (args2.Contains("--silo-process"))
{
    return await BenchSilo.RunAsync(Arg("--connection", ""), Arg("--cluster-id", "sweepgrid-bench"), int.Parse(Arg("--slots", "1"), CultureInfo.InvariantCulture),
        int.Parse(Arg("--silo-port", "0"), CultureInfo.InvariantCulture), int.Parse(Arg("--gateway-port", "0"), CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(Arg("--epoch-seconds", "1"), CultureInfo.InvariantCulture)));
}

if (args2.Contains("--cluster"))
{
    // Cluster mode (results: bench/results/orchestration-cluster.json): PostgreSQL, three silo processes, waiting epochs.
    var clientDll = Path.GetFullPath(Arg("--client", "src/Client/bin/Release/net10.0/sweepgrid.dll"));
    var clusterResult = await ClusterBench.RunAsync(int.Parse(Arg("--trials", "10000"), CultureInfo.InvariantCulture), scaleSlots, scaleEpoch,
        rounds, int.Parse(Arg("--long-epochs", "100"), CultureInfo.InvariantCulture), clientDll);
    var clusterOut = Arg("--out", "bench/results/orchestration-cluster.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(clusterOut))!);
    File.WriteAllText(clusterOut, JsonSerializer.Serialize(new
    {
        machine = Machine(),
        timestamp = DateTimeOffset.UtcNow,
        command = "dotnet bench/Orchestration.Bench/bin/Release/net10.0/Orchestration.Bench.dll " + string.Join(' ', args),
        result = clusterResult,
    }, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"-> {clusterOut}");
    return 0;
}

if (args2.Contains("--submit-only"))
{
    // Submit latency at scale: one call creates and queues every trial (results: bench/results/submit.json).
    var submitTrials = int.Parse(Arg("--submit-trials", "10000"), CultureInfo.InvariantCulture);
    var submitYaml = BenchSupport.WaitingGrid("submit", submitTrials);
    var submits = new List<double>();
    var queued = 0;
    for (var r = 0; r < rounds; r++)
    {
        var (took, held) = await BenchCluster.SubmitOnlyAsync(submitYaml, "submit");
        submits.Add(took.TotalSeconds);
        queued = held;
        Console.WriteLine($"submit round {r + 1}: {submitTrials} trials in {took.TotalSeconds:F2}s, {held} queued");
    }
    var submitResult = new
    {
        machine = Machine(),
        timestamp = DateTimeOffset.UtcNow,
        command = "dotnet bench/Orchestration.Bench/bin/Release/net10.0/Orchestration.Bench.dll " + string.Join(' ', args),
        mode = "embedded",
        storage = "files",
        trials = submitTrials,
        queued,
        submit_seconds = submits,
        median_submit_seconds = BenchSupport.Median(submits),
        min_submit_seconds = submits.Min(),
        max_submit_seconds = submits.Max(),
        target_seconds = 5.0,
        met = BenchSupport.Median(submits) <= 5.0,
        note = "one SubmitAsync call to a silo without slots: every trial grain created and written, every trial queued",
    };
    var submitOut = Arg("--out", "bench/results/submit.json");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(submitOut))!);
    File.WriteAllText(submitOut, JsonSerializer.Serialize(submitResult, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"submit of {submitTrials}: median {submitResult.median_submit_seconds:F2}s -> {submitOut}");
    return 0;
}

// (a) Real training.
var decays = string.Join(", ", Enumerable.Range(0, realTrials).Select(i => (5e-4 * Math.Pow(10, -i)).ToString("R", CultureInfo.InvariantCulture)));
var realYaml = $$"""
    name: overhead
    data: { dataset: synthetic, train_limit: 20000, test_limit: 2000 }
    model: { hidden: [256, 128], activation: relu }
    optimizer: { lr: 0.05, momentum: 0.9 }
    sweep: { weight_decay: [{{decays}}] }
    epochs: {{realEpochs}}
    batch_size: 64
    resources: { device: cpu, fuse: off }
    """;
var spec = SpecParser.Parse(realYaml);
var direct = new List<double>();
var cluster = new List<double>();
// CPU-seconds of this process for each run, from the first trial to the last (the embedded silo's start and stop
// excluded): steadier than wall time on a shared machine.
var directCpu = new List<double>();
var clusterCpu = new List<double>();
var perTrial = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var clock = Stopwatch.StartNew();
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    using (var data = new DeviceData(DatasetLoader.Load(DatasetNames.Synthetic, "", 20000, 2000), TorchSharp.torch.CPU))
    {
        foreach (var (_, point) in TrialIds.Expand(spec))
        {
            TrialRunner.Run(TrialConfigs.From(spec, point), data);
        }
    }
    direct.Add(clock.Elapsed.TotalSeconds);
    directCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    var (wall, used, sweep) = await BenchCluster.RunAsync(realYaml, "overhead", slots: 1, executor: null);
    cluster.Add(wall.TotalSeconds);
    clusterCpu.Add(used.TotalSeconds);
    perTrial.Add(sweep.Trials.Average(t => t.Epochs.Sum(e => e.Seconds)));
    Console.WriteLine($"round {r + 1}: direct {direct[^1]:F2}s ({directCpu[^1]:F1} CPU-s) cluster {cluster[^1]:F2}s ({clusterCpu[^1]:F1} CPU-s)");
}
var realOverhead = (BenchSupport.Median(cluster) - BenchSupport.Median(direct)) / BenchSupport.Median(direct);
// Rounds alternate direct and cluster runs, so each round's pair saw about the same machine: the spread of the paired
// ratios says how far one round's figure can be trusted on a shared machine.
var paired = direct.Zip(cluster, (d, c) => (c - d) / d).ToList();
var pairedCpu = directCpu.Zip(clusterCpu, (d, c) => (c - d) / d).ToList();

// (b) Bookkeeping at scale.
var scaleYaml = BenchSupport.WaitingGrid("scale", scaleTrials);
var epochTime = TimeSpan.FromSeconds(scaleEpoch);
var (scaleWall, _, scaleSweep) = await BenchCluster.RunAsync(scaleYaml, "scale", scaleSlots, _ => new WaitingExecutor(epochTime));
var ideal = Math.Ceiling((double)scaleTrials / scaleSlots) * scaleEpoch;
var scaleOverhead = (scaleWall.TotalSeconds - ideal) / ideal;
Console.WriteLine($"scale: {scaleTrials} x {scaleEpoch}s on {scaleSlots} slots: {scaleWall.TotalSeconds:F1}s vs ideal {ideal:F1}s");

var result = new
{
    machine = Machine(),
    timestamp = DateTimeOffset.UtcNow,
    command = "dotnet bench/Orchestration.Bench/bin/Release/net10.0/Orchestration.Bench.dll " + string.Join(' ', args),
    real_training = new
    {
        trials = realTrials, epochs = realEpochs, slots = 1, rounds,
        mean_trial_training_seconds = perTrial.Average(),
        direct_wall_seconds = direct, cluster_wall_seconds = cluster,
        median_direct_seconds = BenchSupport.Median(direct), median_cluster_seconds = BenchSupport.Median(cluster),
        overhead = realOverhead, target = 0.03, met = realOverhead <= 0.03,
        direct_min_seconds = direct.Min(), direct_max_seconds = direct.Max(),
        cluster_min_seconds = cluster.Min(), cluster_max_seconds = cluster.Max(),
        paired_overheads = paired, paired_overhead_median = BenchSupport.Median(paired),
        paired_overhead_min = paired.Min(), paired_overhead_max = paired.Max(),
        direct_cpu_seconds = directCpu, cluster_cpu_seconds = clusterCpu,
        cpu_overhead = (BenchSupport.Median(clusterCpu) - BenchSupport.Median(directCpu)) / BenchSupport.Median(directCpu),
        paired_cpu_overheads = pairedCpu, paired_cpu_overhead_min = pairedCpu.Min(), paired_cpu_overhead_max = pairedCpu.Max(),
        note = "embedded silo with file storage; cluster wall runs from submit to the sweep's completion",
    },
    bookkeeping_at_scale = new
    {
        trials = scaleTrials, slots = scaleSlots, epoch_seconds = scaleEpoch,
        completed = scaleSweep.Trials.Count(t => t.State == TrialState.Completed),
        wall_seconds = scaleWall.TotalSeconds, ideal_seconds = ideal,
        overhead = scaleOverhead, target = 0.05, met = scaleOverhead <= 0.05,
        reference = "Ray Tune publishes 14.4% for 10,000 x 1 s trials on 16 slots",
    },
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
File.WriteAllText(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"real-training overhead {realOverhead:P2} (target <= 3%), bookkeeping overhead {scaleOverhead:P2} (target <= 5%) -> {outPath}");
return 0;


static object Machine() => new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() };

