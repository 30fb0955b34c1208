using System.Globalization;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Bench.Trainer;

/// <summary>Command line of the trainer benchmark.</summary>
public sealed record BenchOptions
{
    public const string Usage =
        "usage: trainer-bench [--device cpu|cuda|auto] [--out <path.json>] [--seconds <s>] [--rounds <n>] [--threads <n>]\n" +
        "  --device   where to train and multiply (default cpu; cuda/auto initialise the CUDA backend first)\n" +
        "  --out      result file (default <repo>/bench/results/trainer.json)\n" +
        "  --seconds  time budget of each measurement, train or matmul (default 4)\n" +
        "  --rounds   alternating matmul/train rounds; medians are reported (default 5)\n" +
        "  --threads  torch intra-op threads (default: libtorch's own choice)";

    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;
    public string? Out { get; init; }
    public double Seconds { get; init; } = 4;
    public int Rounds { get; init; } = 5;
    public int? Threads { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            o = name switch
            {
                "--device" => o with { Device = ParseDevice(Value()) },
                "--out" => o with { Out = Value() },
                "--seconds" => o with { Seconds = Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--rounds" => o with { Rounds = (int)Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--threads" => o with { Threads = (int)Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown argument '{name}'"),
            };
        }
        return o;
    }

    private static DeviceChoice ParseDevice(string s) => s switch
    {
        "cpu" => DeviceChoice.Cpu,
        "cuda" => DeviceChoice.Cuda,
        "auto" => DeviceChoice.Auto,
        _ => throw new ArgumentException($"--device must be cpu, cuda or auto; got '{s}'"),
    };

    private static double Positive(string name, double v) =>
        v > 0 && double.IsFinite(v) ? v : throw new ArgumentException($"{name} must be positive; got {v}");
}
