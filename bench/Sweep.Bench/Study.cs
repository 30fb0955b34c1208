using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SweepGrid.Bench.Sweep;

/// <summary>
/// The sweep being measured, read from its spec: enough to count its FLOPs. The datasets it is meant for (MNIST and
/// Fashion-MNIST) are 784 features, 10 classes, 60,000 training and 10,000 test examples.
/// </summary>
internal sealed partial record Study(IReadOnlyList<int> Hidden, IReadOnlyList<double> WeightDecays, int Seeds, int Epochs, int BatchSize,
    double LearningRate, double Momentum, string Dataset, string DataDirectory)
{
    public const int Features = 784;
    public const int Classes = 10;
    public const int TrainCount = 60_000;
    public const int TestCount = 10_000;

    public int Trials => WeightDecays.Count * Seeds;

    public long Parameters
    {
        get
        {
            var sizes = new List<int> { Features };
            sizes.AddRange(Hidden);
            sizes.Add(Classes);
            long p = 0;
            for (var i = 0; i + 1 < sizes.Count; i++)
            {
                p += ((long)sizes[i] * sizes[i + 1]) + sizes[i + 1];
            }
            return p;
        }
    }

    public (double Train, double Test, double Total) Flops()
    {
        var train = 6.0 * Parameters * TrainCount * Trials * Epochs;
        var test = 2.0 * Parameters * TestCount * Trials * Epochs;
        return (train, test, train + test);
    }

    public string Describe() => $"{Features}-{string.Join('-', Hidden)}-{Classes}";

    public JsonObject ToJson((double Train, double Test, double Total) flops) => new()
    {
        ["dataset"] = Dataset,
        ["model"] = $"mlp {Describe()} relu, cross_entropy",
        ["parameters"] = Parameters,
        ["trials"] = Trials,
        ["epochs"] = Epochs,
        ["batch_size"] = BatchSize,
        ["train_flop"] = flops.Train,
        ["test_flop"] = flops.Test,
        ["total_flop"] = flops.Total,
    };

    /// <summary>The handful of fields needed, by pattern (the spec's own parser lives in the silo, which this bench does not reference).</summary>
    public static Study FromSpec(string yaml)
    {
        string Field(string pattern) => Regex.Match(yaml, pattern, RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new FormatException($"the spec has no match for {pattern}");
        static IReadOnlyList<T> List<T>(string text, Func<string, T> parse) =>
            [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse)];
        var dataset = Field(@"dataset:\s*([\w-]+)");
        var dir = Environment.GetEnvironmentVariable("SWEEPGRID_DATA") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "sweepgrid", "data");
        return new Study(
            List(Field(@"hidden:\s*\[([^\]]*)\]"), s => int.Parse(s, CultureInfo.InvariantCulture)),
            List(Field(@"weight_decay:\s*\[([^\]]*)\]"), s => double.Parse(s, CultureInfo.InvariantCulture)),
            List(Field(@"seeds:\s*\[([^\]]*)\]"), s => s).Count,
            int.Parse(Field(@"^epochs:\s*(\d+)"), CultureInfo.InvariantCulture),
            int.Parse(Field(@"^batch_size:\s*(\d+)"), CultureInfo.InvariantCulture),
            double.Parse(Field(@"lr:\s*([\d.eE+-]+)"), CultureInfo.InvariantCulture),
            double.Parse(Field(@"momentum:\s*([\d.eE+-]+)"), CultureInfo.InvariantCulture),
            dataset,
            Path.Combine(dir, dataset));
    }
}
