using System.Globalization;

namespace SweepGrid.Bench.Search;

/// <summary>Command-line settings of the search benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: search-bench [--part a|b] [--seeds N] [--budget N] [--train N] [--test N] [--epochs N] [--hidden N]
                            [--batch N] [--contrast C] [--threads N] [--optuna-check PATH.json] [--verbose] [--out PATH.json]
          --part b         part (b): TPE vs random search at a fixed budget, many search seeds, synthetic data (default).
          --part a         part (a): ASHA on Fashion-MNIST over a 27-point grid against the full grid, each run by `sweepgrid run`
                           (built by scripts/setup.sh, data fetched with --data fashion-mnist); replaces part_a in the result file.
                           --epochs sets its epochs (default 20).
          --seeds N        search seeds (default 15)
          --budget N       trials per search (default 24)
          --train/--test   synthetic examples (default 1000 / 1000)
          --epochs N       epochs per trial (default 8)
          --hidden N       hidden width of the 784-N-10 MLP (default 64)
          --batch N        batch size (default 50)
          --contrast C     class pattern contrast in grey levels; lower is harder (default 12)
          --threads N      torch intra-op threads (default: libtorch's choice)
          --optuna-check   a JSON file written by bench/optuna_tpe_check.py, copied into the result (repeatable)
          --verbose        print every trial
          --out PATH       result file (default bench/results/search.json)
        """;

    public string Part { get; init; } = "b";
    public int Seeds { get; init; } = 15;
    public int Budget { get; init; } = 24;
    public int Train { get; init; } = 1000;
    public int Test { get; init; } = 1000;
    public int? EpochsGiven { get; init; }
    public int Epochs => EpochsGiven ?? 8;
    public int Hidden { get; init; } = 64;
    public int Batch { get; init; } = 50;
    public double Contrast { get; init; } = 12;
    public bool Verbose { get; init; }
    public int? Threads { get; init; }
    public IReadOnlyList<string> OptunaChecks { get; init; } = [];
    public string? Out { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--verbose")
            {
                o = o with { Verbose = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--part" => o with { Part = value is "a" or "b" ? value : throw new ArgumentException($"--part {value}: expected a or b") },
                "--seeds" => o with { Seeds = Positive(args[i], value) },
                "--budget" => o with { Budget = Positive(args[i], value) },
                "--train" => o with { Train = Positive(args[i], value) },
                "--test" => o with { Test = Positive(args[i], value) },
                "--epochs" => o with { EpochsGiven = Positive(args[i], value) },
                "--hidden" => o with { Hidden = Positive(args[i], value) },
                "--batch" => o with { Batch = Positive(args[i], value) },
                "--contrast" => o with { Contrast = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) },
                "--threads" => o with { Threads = Positive(args[i], value) },
                "--optuna-check" => o with { OptunaChecks = [.. o.OptunaChecks, value] },
                "--out" => o with { Out = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }
        return o;
    }

    private static int Positive(string name, string value)
    {
        var n = int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new ArgumentException($"{name} must be positive, got {n}");
    }
}
