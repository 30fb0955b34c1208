using System.Globalization;

namespace SweepGrid.Bench.Metrics;

/// <summary>Command line: --scrapes N (measured scrapes per scenario), --trials a,b (scenarios), --out FILE.</summary>
internal sealed record BenchOptions(int Scrapes, IReadOnlyList<int> Trials, string Output)
{
    public static BenchOptions Parse(string[] args)
    {
        // 1,000 and 10,000 trials; 143 and 1,429 trials give about 1,000 and 10,000 SweepGrid series (7 per trial).
        var o = new BenchOptions(100, [143, 1_000, 1_429, 10_000], Path.Combine("bench", "results", "metrics.json"));
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o = args[i] switch
            {
                "--scrapes" => o with { Scrapes = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--trials" => o with { Trials = [.. args[i + 1].Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))] },
                "--out" => o with { Output = args[i + 1] },
                _ => throw new ArgumentException($"unknown option {args[i]} (expected --scrapes, --trials or --out)"),
            };
        }
        return o;
    }
}
