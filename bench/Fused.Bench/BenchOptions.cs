using System.Globalization;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Bench.Fused;

/// <summary>Command line of the fused-training benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: fused-bench [--device cpu|cuda|auto] [--out <path.json>] [--k 1,4,16,64] [--batches <n>] [--rounds <n>] [--unfused-max <n>] [--threads <n>] [--retain-freed-memory]\n" +
        "  --device       where to train (default cpu)\n" +
        "  --out          result file (default <repo>/bench/results/fused.json)\n" +
        "  --k            group sizes to measure (default 1,4,16,64)\n" +
        "  --batches      batches of 256 per measured epoch (default 20)\n" +
        "  --rounds       measured epochs per group size, fused and unfused alternating; medians are reported (default 5)\n" +
        "  --unfused-max  most unfused trials actually run per group size; beyond it the sequential rate is\n" +
        "                 extrapolated from those (they run one after another, so K only multiplies time) (default 8)\n" +
        "  --threads      torch intra-op threads (default: libtorch's own choice)\n" +
        "  --retain-freed-memory  make glibc keep freed blocks for reuse instead of unmapping them (CPU: large\n" +
        "                 tensors allocated every step are otherwise page-faulted in every step)";

    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;
    public string? Out { get; init; }
    public IReadOnlyList<int> GroupSizes { get; init; } = [1, 4, 16, 64];
    public int Batches { get; init; } = 20;
    public int Rounds { get; init; } = 5;
    public int UnfusedMax { get; init; } = 8;
    public int? Threads { get; init; }
    public bool RetainFreedMemory { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            if (name == "--retain-freed-memory")
            {
                o = o with { RetainFreedMemory = true };
                continue;
            }
            o = name switch
            {
                "--device" => o with { Device = ParseDevice(Value()) },
                "--out" => o with { Out = Value() },
                "--k" => o with { GroupSizes = [.. Value().Split(',').Select(v => Positive(name, v))] },
                "--batches" => o with { Batches = Positive(name, Value()) },
                "--rounds" => o with { Rounds = Positive(name, Value()) },
                "--unfused-max" => o with { UnfusedMax = Positive(name, Value()) },
                "--threads" => o with { Threads = Positive(name, Value()) },
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

    private static int Positive(string name, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentException($"{name} must be > 0; got {value}");
    }
}
