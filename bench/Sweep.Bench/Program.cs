using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SweepGrid.Bench.Sweep;
using SweepGrid.Bench.Trainer;
using static TorchSharp.torch;

SweepOptions o;
try
{
    o = SweepOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"sweep-bench: {e.Message}");
    Console.Error.WriteLine(SweepOptions.Usage);
    return 2;
}
if (o.Threads is { } threads)
{
    set_num_threads(threads);
}
var root = Repository.Root();
var outPath = Path.GetFullPath(o.Out ?? Path.Combine(root, "bench", "results", "sweep.json"));
var work = Directory.CreateTempSubdirectory("sweep-bench-").FullName;
var specText = File.ReadAllText(Path.GetFullPath(o.Spec ?? Path.Combine(root, "examples", "fashion-weight-decay.yaml")));
if (o.Epochs is { } override_)
{
    specText = Regex.Replace(specText, @"^epochs:\s*\d+", $"epochs: {override_}", RegexOptions.Multiline);
}
var specPath = Path.Combine(work, "spec.yaml");
File.WriteAllText(specPath, specText);
var study = Study.FromSpec(specText);
var flops = study.Flops();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{study.Trials} trials x {study.Epochs} epochs, mlp {study.Describe()}, batch {study.BatchSize}: {flops.Total / 1e12:F2} TFLOP (6N per train sample, 2N per test sample); load {Load.Now()}"));

using var probe = new MatmulProbe(CPU);
probe.WarmUp();
var probes = new List<JsonObject>();
double Probe(string before)
{
    var rate = probe.Measure(o.ProbeSeconds);
    probes.Add(new JsonObject { ["before"] = before, ["gflops"] = rate / 1e9, ["load_average"] = Load.Now() });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matmul probe before {before}: {rate / 1e9:F1} GFLOP/s (load {Load.Now()})"));
    return rate;
}

var result = new JsonObject
{
    ["benchmark"] = "sweep",
    ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = Load.Machine(),
    ["study"] = study.ToJson(flops),
    ["load_average_at_start"] = Load.Now(),
};

var cpuRates = new List<double>();
double CpuProbe(string before)
{
    var rate = probe.MeasurePerCpuSecond(o.ProbeSeconds);
    cpuRates.Add(rate);
    probes.Add(new JsonObject { ["before"] = before, ["gflops_per_cpu_second"] = rate / 1e9, ["load_average"] = Load.Now() });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matmul probe (one thread, per CPU-second) before {before}: {rate / 1e9:F1} GFLOP/CPU-s"));
    return rate;
}

var cpuRateBefore = CpuProbe(o.Direct ? "sweepgrid (direct)" : "sweepgrid");
var rateBefore = Probe(o.Direct ? "sweepgrid (direct)" : "sweepgrid");
var sweep = o.Direct ? DirectRun.Train(study, root) : CliRun.Run(o, root, specPath, work, study);
var rateAfter = Probe(o.Pytorch ? "pytorch eager" : "end");
var cpuRate = (cpuRateBefore + CpuProbe(o.Pytorch ? "pytorch eager" : "end")) / 2;
var rate = (rateBefore + rateAfter) / 2;
var training = sweep["training_seconds"]!.GetValue<double>();
var floor = flops.Total / rate;
result["sweepgrid"] = sweep;
result["training_seconds"] = training;
result["matmul_gflops"] = rate / 1e9;
result["floor_seconds"] = floor;
result["ratio_to_floor"] = floor / training;
result["sweepgrid_seconds_per_trial_epoch"] = training / (study.Trials * study.Epochs);
// The same ratio in CPU-seconds: the FLOPs at one core's matmul rate per CPU-second, over the CPU-seconds the run took
// (submit to finish, start-up included). Less sensitive to other work on the machine than the wall-clock ratio.
var sweepCpu = sweep["cpu_seconds"]!.GetValue<double>();
result["matmul_gflops_per_cpu_second"] = cpuRate / 1e9;
result["floor_cpu_seconds"] = flops.Total / cpuRate;
result["cpu_seconds"] = sweepCpu;
result["cpu_ratio_to_floor"] = flops.Total / cpuRate / sweepCpu;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sweepgrid: {training:F1} s of training, floor {floor:F1} s at {rate / 1e9:F1} GFLOP/s: ratio to floor {floor / training:F3}"));

if (o.Pytorch)
{
    var lastRate = rateAfter;
    foreach (var mode in new[] { "eager", "fused" })
    {
        var json = Path.Combine(work, $"pytorch-{mode}.json");
        var (code, _, _) = ChildProcess.Run("python3",
            [Path.Combine(root, "bench", "pytorch_sweep.py"), "--mode", mode, "--epochs", o.PytorchEpochs.ToString(CultureInfo.InvariantCulture),
             "--data", study.DataDirectory, "--out", json, "--install-missing"],
            new Dictionary<string, string> { ["OMP_NUM_THREADS"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) });
        var nextRate = Probe(mode == "eager" ? "pytorch fused" : "end");
        // The peer's own floor, at the mean of the probes on either side of it.
        var peerRate = (lastRate + nextRate) / 2;
        lastRate = nextRate;
        if (code != 0)
        {
            Console.Error.WriteLine($"sweep-bench: pytorch {mode} failed (exit {code})");
            result[$"pytorch_{mode}"] = new JsonObject { ["error"] = $"exit {code}" };
            continue;
        }
        var peer = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        var perTrialEpoch = peer["secondsPerTrialEpoch"]!.GetValue<double>();
        var floorPerTrialEpoch = flops.Total / (study.Trials * study.Epochs) / peerRate;
        peer["matmul_gflops"] = peerRate / 1e9;
        result[$"pytorch_{mode}"] = peer;
        result[$"pytorch_{mode}_seconds_per_trial_epoch"] = perTrialEpoch;
        result[$"pytorch_{mode}_ratio_to_floor"] = floorPerTrialEpoch / perTrialEpoch;
        result[$"sweepgrid_speedup_over_pytorch_{mode}"] = perTrialEpoch / (training / (study.Trials * study.Epochs));
        var peerCpu = peer["cpuSeconds"]!.GetValue<double>() / peer["trialEpochs"]!.GetValue<double>();
        result[$"pytorch_{mode}_cpu_seconds_per_trial_epoch"] = peerCpu;
        result[$"pytorch_{mode}_cpu_ratio_to_floor"] = flops.Total / (study.Trials * study.Epochs) / cpuRate / peerCpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pytorch {mode}: {perTrialEpoch:F2} s per trial-epoch, ratio to floor {floorPerTrialEpoch / perTrialEpoch:F3}"));
    }
}
result["matmul_probes"] = new JsonArray([.. probes]);
result["load_average_at_end"] = Load.Now();
result["notes"] =
    "training_seconds: the sum over epochs of the fused group's epoch seconds (training and evaluation) as stored in the sweep's " +
    "results.json; floor_seconds: the study's FLOPs (6 x parameters per training sample, 2 x per test sample) at the large-matmul rate " +
    "(matmul_gflops: the mean of the probes just before and just after the sweep, in this process, float32 2048^3); ratio_to_floor = " +
    "floor_seconds / training_seconds. cpu_ratio_to_floor: the same in CPU-seconds, the FLOPs at one core's matmul rate per CPU-second " +
    "(one thread, probes before and after the sweep) over the CLI process's CPU-seconds, start-up included; on a busy machine it " +
    "says what the run made of the CPU time it got. The PyTorch peer (bench/pytorch_sweep.py, Debian python3-torch with OpenBLAS, OMP_NUM_THREADS = " +
    "cores) trains the same study for pytorch_epochs epochs per trial right after, each mode with its own probes on either side; " +
    "its figures are seconds per trial-epoch, training and evaluation. The machine may be shared: see the load averages and the probes.";
result["command"] = string.Join(' ', ["sweep-bench", .. args]);
Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
File.WriteAllText(outPath, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine($"wrote {outPath}");
return 0;
