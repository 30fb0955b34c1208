using YamlDotNet.RepresentationModel;

namespace SweepGrid.Contracts.Spec;

/// <summary>Reads <c>sweep:</c> — weight decay as a list or a log range, seeds, and optional activation/loss axes.</summary>
internal static class SweepAxesReader
{
    public static SweepAxes? Read(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            f.Problem("sweep", "is required (e.g. { weight_decay: [5e-2, 5e-4, 5e-6] })");
            return null;
        }
        var m = f.Mapping(node, "sweep", "weight_decay", "seeds", "activation", "loss");
        if (m is null)
        {
            return null;
        }
        var decays = WeightDecays(f, YamlFields.Get(m, "weight_decay"));
        var seeds = new List<long>();
        var seedItems = f.Sequence(YamlFields.Get(m, "seeds"), "sweep.seeds");
        foreach (var (n, p) in seedItems ?? [])
        {
            if (f.AtLeast(f.Integer(n, p), 0, p) is { } s)
            {
                seeds.Add(s);
            }
        }
        if (seedItems is { Count: 0 })
        {
            f.Problem("sweep.seeds", "must not be empty");
        }
        Distinct(f, "sweep.seeds", seeds);
        var activations = Keywords(f, YamlFields.Get(m, "activation"), "sweep.activation", SpecKeywords.Activations);
        var losses = Keywords(f, YamlFields.Get(m, "loss"), "sweep.loss", SpecKeywords.Losses);
        var trials = (long)(decays?.Count ?? 1) * Math.Max(1, seeds.Count) * Math.Max(1, activations.Count) * Math.Max(1, losses.Count);
        if (trials > SpecLimits.MaxTrials)
        {
            f.Problem("sweep", $"expands to {trials:N0} trials (weight_decay × seeds × activation × loss); the limit is {SpecLimits.MaxTrials:N0} per sweep");
        }
        return decays is null ? null : new SweepAxes
        {
            WeightDecay = [.. decays],
            Seeds = seedItems is null ? [1] : [.. seeds],
            Activation = [.. activations],
            Loss = [.. losses],
        };
    }

    private static List<double>? WeightDecays(YamlFields f, YamlNode? node)
    {
        const string path = "sweep.weight_decay";
        if (node is null)
        {
            f.Problem(path, "is required: a list such as [5e-2, 5e-4, 5e-6] or { log_range: { min: 1e-6, max: 1e-1, count: 6 } }");
            return null;
        }
        var result = new List<double>();
        if (node is YamlMappingNode)
        {
            var range = f.Mapping(YamlFields.Get(f.Mapping(node, path, "log_range"), "log_range"), path + ".log_range", "min", "max", "count");
            if (range is null)
            {
                f.Problem(path + ".log_range", "is required inside a mapping weight_decay");
                return null;
            }
            var min = f.Number(YamlFields.Get(range, "min"), path + ".log_range.min", required: true);
            var max = f.Number(YamlFields.Get(range, "max"), path + ".log_range.max", required: true);
            var count = f.AtLeast(f.Integer(YamlFields.Get(range, "count"), path + ".log_range.count", required: true), 1, path + ".log_range.count", 10_000);
            if (min is <= 0)
            {
                f.Problem(path + ".log_range.min", $"must be > 0 for a log range, got {min}");
                return null;
            }
            if (min is { } lo && max is { } hi && hi < lo)
            {
                f.Problem(path + ".log_range.max", $"must be >= min ({lo}), got {hi}");
                return null;
            }
            if (min is null || max is null || count is null)
            {
                return null;
            }
            for (var i = 0; i < count; i++)
            {
                var t = count == 1 ? 0 : (double)i / (count.Value - 1);
                // Round to 12 significant digits so 1e-3 is 0.001 and not 0.0009999999999999998 (stable trial ids).
                result.Add(double.Parse((min.Value * Math.Pow(max.Value / min.Value, t)).ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
            }
            return result;
        }
        var items = f.Sequence(node, path);
        if (items is null)
        {
            return null;
        }
        if (items.Count == 0)
        {
            f.Problem(path, "must not be empty");
        }
        foreach (var (n, p) in items)
        {
            var v = f.Number(n, p);
            if (v is < 0)
            {
                f.Problem(p, $"must be >= 0, got {v}");
            }
            else if (v is not null)
            {
                result.Add(v.Value);
            }
        }
        Distinct(f, path, result);
        return result;
    }

    private static List<T> Keywords<T>(YamlFields f, YamlNode? node, string path, KeywordTable<T> table) where T : struct, Enum
    {
        var result = new List<T>();
        foreach (var (n, p) in f.Sequence(node, path) ?? [])
        {
            if (f.Keyword(n, p, table, required: true) is { } value)
            {
                result.Add(value);
            }
        }
        Distinct(f, path, result, v => table.Keyword(v));
        return result;
    }

    private static void Distinct<T>(YamlFields f, string path, List<T> values, Func<T, string>? format = null)
    {
        var dup = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            f.Problem(path, $"lists {(format is null ? dup.Key : format(dup.Key))} more than once");
        }
    }
}
