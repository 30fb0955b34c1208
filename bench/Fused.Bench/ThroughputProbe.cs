using System.Diagnostics;
using System.Globalization;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Fused;

/// <summary>
/// Trial-samples per second (samples × trials) of K trials of the reference MLP trained fused in one group,
/// and of the same K trials trained unfused one after another. An epoch is a fixed number of batches of
/// synthetic data; time is the training part of each epoch as the trainers report it (evaluation excluded).
/// </summary>
internal sealed class ThroughputProbe : IDisposable
{
    public const int BatchSize = 256;
    public const int TestExamples = 256;
    public static readonly IReadOnlyList<int> Hidden = [512, 256];

    private readonly DeviceData _data;
    private readonly DeviceChoice _device;

    public ThroughputProbe(DeviceChoice device, Device resolved, int batches)
    {
        _device = device;
        _data = new DeviceData(SyntheticData.Generate(batches * BatchSize, TestExamples, seed: 1), resolved, ScalarType.Float32);
    }

    public int TrainExamples => _data.TrainCount;

    public static long Parameters => (784L * 512) + 512 + (512L * 256) + 256 + (256L * 10) + 10;

    /// <summary>K members of one sweep: learning rates log-spaced over [0.01, 0.1], alternating Nesterov, four weight decays.</summary>
    public TrialConfig[] Members(int k) =>
    [
        .. Enumerable.Range(0, k).Select(i => new TrialConfig
        {
            Hidden = Hidden,
            LearningRate = 0.01 * Math.Pow(10, k == 1 ? 0 : (double)i / (k - 1)),
            Momentum = 0.9,
            Nesterov = i % 2 == 1,
            WeightDecay = 5e-4 * (1 + (i % 4)),
            Seed = 1,
            Epochs = int.MaxValue,
            BatchSize = BatchSize,
            Device = _device,
            DType = ScalarType.Float32,
        }),
    ];

    public Measurement Measure(int k, int rounds, int unfusedMax, Action<string>? log = null)
    {
        var members = Members(k);
        var n = (double)_data.TrainCount;
        using var fused = new FusedTrainer(members, _data);
        var unfused = members.Take(Math.Min(k, unfusedMax)).Select(m => new TrialTrainer(m, _data)).ToList();
        try
        {
            var fusedRates = new List<double>();
            var unfusedRates = new List<double>();
            var fusedCpuRates = new List<double>();
            var unfusedCpuRates = new List<double>();
            for (var r = 1; r <= rounds; r++)
            {
                var cpu = CpuSeconds();
                var reported = fused.RunEpoch().First(m => m is not null)!;
                fusedCpuRates.Add(k * n / (CpuSeconds() - cpu));
                fusedRates.Add(k * reported.SamplesPerSecond);
                cpu = CpuSeconds();
                var seconds = unfused.Sum(t => n / t.RunEpoch().SamplesPerSecond);
                unfusedCpuRates.Add(unfused.Count * n / (CpuSeconds() - cpu));
                unfusedRates.Add(unfused.Count * n / seconds);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"K={k} round {r}: fused {fusedRates[^1]:F0}, unfused {unfusedRates[^1]:F0} trial-samples/s; per CPU-second {fusedCpuRates[^1]:F0} vs {unfusedCpuRates[^1]:F0}"));
            }
            return new Measurement(k, Median(fusedRates), Median(unfusedRates), Median(fusedRates) / Median(unfusedRates),
                Median(fusedCpuRates), Median(unfusedCpuRates), unfused.Count, unfused.Count < k, fusedRates, unfusedRates);
        }
        finally
        {
            foreach (var t in unfused)
            {
                t.Dispose();
            }
        }
    }

    public void Dispose() => _data.Dispose();

    /// <summary>CPU time of the whole process (libtorch's worker threads included): steadier than wall time on a shared machine.</summary>
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
