using System.Globalization;
using System.Text.Json;
using SweepGrid.Bench.Fused;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"fused-bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var allocator = "glibc default";
if (options.RetainFreedMemory)
{
    allocator = NativeHeap.RetainFreedMemory() ? "glibc, freed memory retained (mallopt M_MMAP_MAX=0, M_TRIM_THRESHOLD=2^31-1)" : "glibc default (mallopt unavailable)";
}
var device = Devices.Resolve(options.Device);
if (options.Threads is { } threads)
{
    set_num_threads(threads);
}
var outPath = Path.GetFullPath(options.Out ?? Path.Combine(Machine.RepositoryRoot(), "bench", "results", "fused.json"));
var machine = Machine.Describe(device);
Console.WriteLine($"device {machine.Device}{(machine.GpuName is null ? "" : $" ({machine.GpuName})")}, {machine.ProcessorCount} logical CPUs, torch threads {machine.TorchThreads}, load {machine.LoadAverageAtStart}, allocator {allocator}");

using var probe = new ThroughputProbe(options.Device, device, options.Batches);
Console.WriteLine($"mlp 784-512-256-10 ({ThroughputProbe.Parameters:N0} parameters), batch {ThroughputProbe.BatchSize}, {options.Batches} batches per epoch, float32; warming up");
// Untimed: first-call costs of libtorch kernels and allocators, fused and unfused alike.
probe.Measure(k: 2, rounds: 1, unfusedMax: 1);

var results = new List<Measurement>();
foreach (var k in options.GroupSizes)
{
    var m = probe.Measure(k, options.Rounds, options.UnfusedMax, Console.WriteLine);
    results.Add(m);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"K={k}: fused {m.FusedTrialSamplesPerSecond:F0}, unfused {m.UnfusedTrialSamplesPerSecond:F0} trial-samples/s{(m.UnfusedExtrapolated ? $" (unfused from {m.UnfusedTrialsMeasured} of {k} trials)" : "")}, speedup {m.Speedup:F2}x"));
}

var result = new BenchResult(
    Benchmark: "fused",
    Timestamp: DateTimeOffset.UtcNow,
    Machine: machine with { LoadAverageAtEnd = Machine.LoadAverage() },
    Architecture: "mlp 784-512-256-10 relu, cross_entropy",
    Optimizer: "sgd momentum=0.9, lr log-spaced 0.01..0.1, nesterov on odd members, weight_decay 5e-4..2e-3",
    DType: "float32",
    Allocator: allocator,
    BatchSize: ThroughputProbe.BatchSize,
    BatchesPerEpoch: options.Batches,
    Parameters: ThroughputProbe.Parameters,
    Rounds: options.Rounds,
    Results: results,
    Notes: "trial-samples/s = training samples x trials per second of training time (evaluation excluded). " +
        "Unfused = the same K trials one after another; where unfusedExtrapolated, only unfusedTrialsMeasured of them ran " +
        "and their sequential rate stands for all K. Medians over rounds; the machine may have been shared (see load averages).",
    Command: string.Join(' ', ["fused-bench", .. args]));

Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
File.WriteAllText(outPath, json + "\n");
Console.WriteLine($"wrote {outPath}");
return 0;
