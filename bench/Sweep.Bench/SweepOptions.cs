using System.Globalization;

namespace SweepGrid.Bench.Sweep;

/// <summary>Command line of the reference-sweep benchmark.</summary>
internal sealed record SweepOptions
{
    public const string Usage =
        "usage: sweep-bench [--out <path.json>] [--spec <yaml>] [--epochs <n>] [--pytorch-epochs <n>] [--no-pytorch]\n" +
        "                   [--probe-seconds <s>] [--sweepgrid <sweepgrid.dll>] [--direct] [--threads <n>]\n" +
        "  --out             result file (default <repo>/bench/results/sweep.json)\n" +
        "  --spec            the sweep (default examples/fashion-weight-decay.yaml)\n" +
        "  --epochs          override the spec's epochs (a shorter check; the figures then describe that many)\n" +
        "  --pytorch-epochs  epochs of each PyTorch trial, eager and fused (default 2; the figure is per trial-epoch)\n" +
        "  --no-pytorch      skip the PyTorch peer\n" +
        "  --probe-seconds   length of each matmul probe (default 3)\n" +
        "  --sweepgrid       the CLI to run (default src/Client/bin/Release/net10.0/sweepgrid.dll)\n" +
        "  --direct          train the group in this process through FusedRunner instead of the CLI (per-epoch detail)\n" +
        "  --threads         torch intra-op threads for --direct and the probes (default: libtorch's choice)";

    public string? Out { get; init; }
    public string? Spec { get; init; }
    public int? Epochs { get; init; }
    public int PytorchEpochs { get; init; } = 2;
    public bool Pytorch { get; init; } = true;
    public double ProbeSeconds { get; init; } = 3;
    public string? Sweepgrid { get; init; }
    public bool Direct { get; init; }
    public int? Threads { get; init; }

    public static SweepOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SweepOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            o = name switch
            {
                "--out" => o with { Out = Value() },
                "--spec" => o with { Spec = Value() },
                "--epochs" => o with { Epochs = Positive(name, Value()) },
                "--pytorch-epochs" => o with { PytorchEpochs = Positive(name, Value()) },
                "--no-pytorch" => o with { Pytorch = false },
                "--probe-seconds" => o with { ProbeSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--sweepgrid" => o with { Sweepgrid = Value() },
                "--direct" => o with { Direct = true },
                "--threads" => o with { Threads = Positive(name, Value()) },
                _ => throw new ArgumentException($"unknown argument '{name}'"),
            };
        }
        return o;
    }

    private static int Positive(string name, string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentException($"{name} must be > 0; got {value}");
    }
}
