using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Sweep;

/// <summary>
/// The sweep's fused group trained in this process through <see cref="FusedRunner"/> (the trainer the CLI's silo runs,
/// without the cluster around it): per-epoch seconds, for finding where the time goes.
/// </summary>
internal static class DirectRun
{
    public static JsonObject Train(Study study, string root)
    {
        _ = root;
        var dataset = DatasetLoader.Load(study.Dataset, Path.GetDirectoryName(study.DataDirectory)!);
        using var data = new DeviceData(dataset, CPU);
        var members = study.WeightDecays.Select(wd => new TrialConfig
        {
            Hidden = study.Hidden,
            LearningRate = study.LearningRate,
            Momentum = study.Momentum,
            WeightDecay = wd,
            Seed = 1,
            Epochs = study.Epochs,
            BatchSize = study.BatchSize,
            Device = DeviceChoice.Cpu,
        }).ToList();
        var epochs = members.Select(_ => new List<double[]>()).ToList();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        FusedRunner.Run(members, data, (k, m) =>
        {
            epochs[k].Add([m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.Seconds]);
            if (k == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {m.Epoch}: {m.Seconds:F2} s ({m.SamplesPerSecond:F0} samples/s training), load {Load.Now()}"));
            }
        });
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var trials = study.WeightDecays.Select((wd, k) => (wd, (IReadOnlyList<double[]>)epochs[k])).ToList();
        var training = Curves.TrainingSeconds(trials, fused: true);
        return new JsonObject
        {
            ["how"] = "FusedRunner in the bench process (no cluster)",
            ["fused"] = true,
            ["training_seconds"] = training,
            ["wall_seconds"] = wall,
            ["cpu_seconds"] = cpu,
            ["cpu_seconds_per_training_second"] = cpu / training,
            ["torch_threads"] = get_num_threads(),
            ["curves"] = Curves.Describe(trials),
        };
    }
}
