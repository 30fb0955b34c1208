using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SweepGrid.Bench.Trainer;
using SweepGrid.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"trainer-bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

Device device;
try
{
    device = Devices.Resolve(options.Device);
}
catch (InvalidOperationException e)
{
    // CPU-only TorchSharp package, or no GPU visible.
    var firstLine = e.Message.Split('\n')[0];
    var trace = firstLine.IndexOf(" Trace from", StringComparison.Ordinal);
    Console.Error.WriteLine($"trainer-bench: {(trace > 0 ? firstLine[..trace] : firstLine).Trim()}");
    return 1;
}
if (options.Threads is { } threads)
{
    set_num_threads(threads);
}
var outPath = Path.GetFullPath(options.Out ?? Path.Combine(Machine.RepositoryRoot(), "bench", "results", "trainer.json"));

var loadAtStart = Machine.LoadAverage();
var machine = Machine.Describe(device, loadAtStart);
Console.WriteLine($"device {machine.Device}{(machine.GpuName is null ? "" : $" ({machine.GpuName})")}, {machine.ProcessorCount} logical CPUs, torch threads {machine.TorchThreads}");

using var matmul = new MatmulProbe(device);
using var train = new TrainProbe(device);
Console.WriteLine($"model 784-512-256-10, {train.Parameters:N0} parameters, {train.FlopsPerSample / 1e6:F3} MFLOP/sample; warming up");
matmul.WarmUp();
train.WarmUp();
matmul.WarmUp();

var rounds = new List<Round>();
for (var r = 1; r <= options.Rounds; r++)
{
    var flops = matmul.Measure(options.Seconds);
    var sps = train.Measure(options.Seconds);
    var round = new Round(r, flops / 1e9, sps, sps * train.FlopsPerSample / flops);
    rounds.Add(round);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {r}: matmul {round.MatmulGflops:F1} GFLOP/s, train {round.SamplesPerSecond:F0} samples/s, ratio {round.Ratio:F3}"));
}

var spsSummary = Summarise(rounds.Select(x => x.SamplesPerSecond));
var gflopsSummary = Summarise(rounds.Select(x => x.MatmulGflops));
var ratio = spsSummary.Median * train.FlopsPerSample / (gflopsSummary.Median * 1e9);
double? target = device.type == DeviceType.CPU ? 0.85 : null;
var last = train.Last!;
var result = new BenchResult(
    Benchmark: "trainer",
    Timestamp: DateTimeOffset.UtcNow,
    Machine: machine with { LoadAverageAtEnd = Machine.LoadAverage() },
    Model: new ModelInfo(
        Architecture: "mlp 784-512-256-10",
        Activation: "relu",
        Loss: "cross_entropy",
        Optimizer: "sgd lr=0.05 momentum=0.9 weight_decay=5e-4",
        DType: "float32",
        BatchSize: TrainProbe.BatchSize,
        Parameters: train.Parameters,
        TrainExamples: TrainProbe.TrainExamples,
        TestExamples: TrainProbe.TestExamples,
        MatmulSize: MatmulProbe.N),
    SamplesPerSecond: spsSummary,
    MatmulGflops: gflopsSummary,
    FlopsPerSample: train.FlopsPerSample,
    Ratio: ratio,
    Target: target,
    TargetMet: target is { } t ? ratio >= t : null,
    Rounds: rounds,
    LastEpoch: new LastEpoch(last.Epoch, last.TrainLoss, last.TrainAccuracy, last.TestAccuracy),
    Command: string.Join(' ', ["trainer-bench", .. args]));

Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
File.WriteAllText(outPath, json + "\n");

var verdict = target is { } tv ? string.Create(CultureInfo.InvariantCulture, $" (target >= {tv}: {(ratio >= tv ? "met" : "not met")})") : "";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"samples/s median {spsSummary.Median:F0} (min {spsSummary.Min:F0}, max {spsSummary.Max:F0}); matmul median {gflopsSummary.Median:F1} GFLOP/s; ratio {ratio:F3}{verdict}"));
Console.WriteLine($"wrote {outPath}");
return 0;

static Summary Summarise(IEnumerable<double> values)
{
    var v = values.ToArray();
    return new Summary(Stats.Median(v), v.Min(), v.Max());
}

/// <summary>What the result says about where it ran.</summary>
internal static class Machine
{
    public static MachineInfo Describe(Device device, string? loadAverage) => new(
        ProcessorCount: Environment.ProcessorCount,
        CpuModel: CpuModel(),
        Os: RuntimeInformation.OSDescription,
        Architecture: RuntimeInformation.OSArchitecture.ToString(),
        Runtime: RuntimeInformation.FrameworkDescription,
        TorchSharp: typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        TorchThreads: get_num_threads(),
        TorchInteropThreads: get_num_interop_threads(),
        ThreadEnvironment: ThreadEnvironment(),
        Device: device.ToString(),
        GpuName: device.type == DeviceType.CUDA ? GpuName() : null,
        LoadAverageAtStart: loadAverage,
        LoadAverageAtEnd: null);

    /// <summary>Environment variables that change how libtorch's OpenMP threads run, where set.</summary>
    private static SortedDictionary<string, string> ThreadEnvironment()
    {
        string[] names = ["OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OMP_PROC_BIND", "OMP_PLACES", "GOMP_SPINCOUNT", "MKL_NUM_THREADS"];
        var set = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                set[name] = value;
            }
        }
        return set;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to judge how contended the run was.</summary>
    public static string? LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? string.Join(' ', parts[..3]) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The directory holding SweepGrid.sln at or above the working directory (else the working directory).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
            {
                return dir.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>TorchSharp exposes no device name, so ask nvidia-smi; null when it is not there.</summary>
    private static string? GpuName()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name --format=csv,noheader")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null)
            {
                return null;
            }
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(5_000);
            var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return p.ExitCode == 0 && !string.IsNullOrEmpty(first) ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
