using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Reads <c>sweep:</c> — each axis as a list of values (a grid, or choices for random and TPE search), a generated
/// <c>log_range</c>, or a range to search (<c>log_uniform</c>, <c>uniform</c>, <c>int_uniform</c>); <c>choice</c> is a
/// list by another name. Seeds repeat every configuration; activation and loss are lists of keywords.
/// </summary>
internal static class SweepAxesReader
{
    private const string Example = "a list such as [5e-2, 5e-4, 5e-6], { log_range: { min: 1e-6, max: 1e-1, count: 6 } } or (random, tpe) { log_uniform: { min: 1e-6, max: 1e-1 } }";

    public static SweepAxes? Read(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            f.Problem("sweep", "is required (e.g. { weight_decay: [5e-2, 5e-4, 5e-6] })");
            return null;
        }
        var m = f.Mapping(node, "sweep", "weight_decay", "lr", "momentum", "batch_size", "hidden", "seeds", "activation", "loss");
        if (m is null)
        {
            return null;
        }
        var ranges = new List<ParameterRange>();
        var decayNode = YamlFields.Get(m, "weight_decay");
        if (decayNode is null)
        {
            f.Problem("sweep.weight_decay", $"is required: {Example}");
        }
        var decays = Reals(f, decayNode, "weight_decay", ranges, min: 0, minIncluded: true, max: null);
        var lrs = Reals(f, YamlFields.Get(m, "lr"), "lr", ranges, min: 0, minIncluded: false, max: null);
        var momentums = Reals(f, YamlFields.Get(m, "momentum"), "momentum", ranges, min: 0, minIncluded: true, max: 1);
        var batches = Integers(f, YamlFields.Get(m, "batch_size"), "sweep.batch_size", "batch_size", ranges, 1, 1 << 20);
        var hidden = Hidden(f, YamlFields.Get(m, "hidden"), ranges);
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
        if (decays is null || lrs is null || momentums is null || batches is null || hidden is null)
        {
            return null;
        }
        return new SweepAxes
        {
            WeightDecay = [.. decays],
            Lr = [.. lrs],
            Momentum = [.. momentums],
            BatchSize = [.. batches],
            Hidden = [.. hidden.Select(h => h.ToImmutableArray())],
            Ranges = [.. ranges],
            Seeds = seedItems is null ? [1] : [.. seeds],
            Activation = [.. activations],
            Loss = [.. losses],
        };
    }

    /// <summary>A real-valued axis: values (empty when absent or a range, which goes to <paramref name="ranges"/>); null after a problem.</summary>
    private static List<double>? Reals(YamlFields f, YamlNode? node, string axis, List<ParameterRange> ranges, double min, bool minIncluded, double? max)
    {
        var path = "sweep." + axis;
        var result = new List<double>();
        if (node is null)
        {
            return result;
        }
        string Bounds() => (minIncluded ? $">= {Num(min)}" : $"> {Num(min)}") + (max is { } hi ? $" and < {Num(hi)}" : "");
        bool InBounds(double v) => (minIncluded ? v >= min : v > min) && (max is not { } hi || v < hi);
        if (node is YamlMappingNode)
        {
            var form = f.Mapping(node, path, "log_range", "log_uniform", "uniform", "choice");
            if (form is null)
            {
                return null;
            }
            if (form.Count != 1)
            {
                f.Problem(path, $"needs exactly one of log_range, log_uniform, uniform, choice; got {(form.Count == 0 ? "none" : string.Join(", ", form.Keys))}");
                return null;
            }
            var (kind, body) = form.First();
            var at = path + "." + kind;
            switch (kind)
            {
                case "choice":
                    return List(f, body, at, InBounds, Bounds);
                case "log_range":
                {
                    var range = f.Mapping(body, at, "min", "max", "count");
                    if (range is null)
                    {
                        f.Problem(at, "expected { min, max, count }");
                        return null;
                    }
                    var lo = f.Number(YamlFields.Get(range, "min"), at + ".min", required: true);
                    var hi = f.Number(YamlFields.Get(range, "max"), at + ".max", required: true);
                    var count = f.AtLeast(f.Integer(YamlFields.Get(range, "count"), at + ".count", required: true), 1, at + ".count", 10_000);
                    if (!CheckRange(f, at, lo, hi, log: true, InBounds, Bounds) || count is null)
                    {
                        return null;
                    }
                    for (var i = 0; i < count; i++)
                    {
                        var t = count == 1 ? 0 : (double)i / (count.Value - 1);
                        // Round to 12 significant digits so 1e-3 is 0.001 and not 0.0009999999999999998 (stable trial ids).
                        result.Add(double.Parse((lo!.Value * Math.Pow(hi!.Value / lo.Value, t)).ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                    }
                    return result;
                }
                default:
                {
                    var log = kind == "log_uniform";
                    var (lo, hi) = Bounds2(f, body, at);
                    if (!CheckRange(f, at, lo, hi, log, InBounds, Bounds))
                    {
                        return null;
                    }
                    ranges.Add(new ParameterRange(axis, log ? RangeKind.LogUniform : RangeKind.Uniform, lo!.Value, hi!.Value));
                    return result;
                }
            }
        }
        return List(f, node, path, InBounds, Bounds);
    }

    private static List<double>? List(YamlFields f, YamlNode node, string path, Func<double, bool> inBounds, Func<string> bounds)
    {
        var items = f.Sequence(node, path);
        if (items is null)
        {
            return null;
        }
        if (items.Count == 0)
        {
            f.Problem(path, "must not be empty");
        }
        var result = new List<double>();
        foreach (var (n, p) in items)
        {
            var v = f.Number(n, p);
            if (v is { } x && !inBounds(x))
            {
                f.Problem(p, $"must be {bounds()}, got {Num(x)}");
            }
            else if (v is not null)
            {
                result.Add(v.Value);
            }
        }
        Distinct(f, path, result, Num);
        return result;
    }

    /// <summary>An integer axis (batch size, a layer's width): values, or an int_uniform range (log: true for log space).</summary>
    private static List<int>? Integers(YamlFields f, YamlNode? node, string path, string axis, List<ParameterRange> ranges, int min, int max)
    {
        var result = new List<int>();
        if (node is null)
        {
            return result;
        }
        if (node is YamlMappingNode)
        {
            var form = f.Mapping(node, path, "int_uniform", "choice");
            if (form is null)
            {
                return null;
            }
            if (form.Count != 1)
            {
                f.Problem(path, $"needs exactly one of int_uniform, choice; got {(form.Count == 0 ? "none" : string.Join(", ", form.Keys))}");
                return null;
            }
            var (kind, body) = form.First();
            var at = path + "." + kind;
            if (kind == "choice")
            {
                return IntList(f, body, at, min, max);
            }
            bool? log = false;
            long? lo, hi;
            if (body is YamlMappingNode)
            {
                var r = f.Mapping(body, at, "min", "max", "log");
                lo = f.Integer(YamlFields.Get(r, "min"), at + ".min", required: true);
                hi = f.Integer(YamlFields.Get(r, "max"), at + ".max", required: true);
                log = f.Boolean(YamlFields.Get(r, "log"), at + ".log") ?? false;
            }
            else
            {
                var pair = f.Sequence(body, at);
                if (pair is not { Count: 2 })
                {
                    f.Problem(at, "expected [min, max] or { min, max, log }");
                    return null;
                }
                lo = f.Integer(pair[0].Node, pair[0].Path);
                hi = f.Integer(pair[1].Node, pair[1].Path);
            }
            lo = f.AtLeast(lo, min, at + ".min", max);
            hi = f.AtLeast(hi, min, at + ".max", max);
            if (lo is null || hi is null)
            {
                return null;
            }
            if (hi <= lo)
            {
                f.Problem(at + ".max", $"must be > min ({lo}), got {hi}");
                return null;
            }
            ranges.Add(new ParameterRange(axis, log == true ? RangeKind.IntLogUniform : RangeKind.IntUniform, lo.Value, hi.Value));
            return result;
        }
        return IntList(f, node, path, min, max);
    }

    private static List<int>? IntList(YamlFields f, YamlNode node, string path, int min, int max)
    {
        var items = f.Sequence(node, path);
        if (items is null)
        {
            return null;
        }
        if (items.Count == 0)
        {
            f.Problem(path, "must not be empty");
        }
        var result = new List<int>();
        foreach (var (n, p) in items)
        {
            if (f.AtLeast(f.Integer(n, p), min, p, max) is { } v)
            {
                result.Add((int)v);
            }
        }
        Distinct(f, path, result);
        return result;
    }

    /// <summary>
    /// <c>hidden:</c> a list of architectures (<c>[[256, 128], [512, 256]]</c>), or one architecture whose layers are widths
    /// or int_uniform ranges (<c>[{ int_uniform: [64, 512] }, 128]</c>): a ranged layer is 0 in the architecture, its range named hidden[i].
    /// </summary>
    private static List<IReadOnlyList<int>>? Hidden(YamlFields f, YamlNode? node, List<ParameterRange> ranges)
    {
        const string path = "sweep.hidden";
        var result = new List<IReadOnlyList<int>>();
        if (node is null)
        {
            return result;
        }
        if (node is YamlMappingNode && f.Mapping(node, path, "choice") is { } choice && YamlFields.Get(choice, "choice") is { } listed)
        {
            node = listed;
        }
        var items = f.Sequence(node, path);
        if (items is null)
        {
            return null;
        }
        if (items.Count == 0)
        {
            f.Problem(path, "must not be empty");
            return null;
        }
        if (items.All(i => i.Node is YamlSequenceNode))
        {
            foreach (var (n, p) in items)
            {
                var widths = IntList(f, n, p, 1, 1 << 16);
                if (widths is null)
                {
                    return null;
                }
                result.Add(widths);
            }
            var dup = result.GroupBy(w => string.Join('-', w)).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
            {
                f.Problem(path, $"lists [{dup.Key.Replace("-", ", ", StringComparison.Ordinal)}] more than once");
            }
            return result;
        }
        if (items.Any(i => i.Node is YamlSequenceNode))
        {
            f.Problem(path, "mixes architectures (lists of widths) with layers; give either [[256, 128], [512, 256]] or [{ int_uniform: [64, 512] }, 128]");
            return null;
        }
        var layers = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var (n, p) = items[i];
            if (n is YamlMappingNode)
            {
                var before = ranges.Count;
                var fixedWidths = Integers(f, n, p, $"hidden[{i}]", ranges, 1, 1 << 16);
                if (fixedWidths is null)
                {
                    return null;
                }
                if (ranges.Count == before)
                {
                    f.Problem(p, "a layer inside an architecture is a width or { int_uniform: ... }; list whole architectures to choose between them");
                    return null;
                }
                layers.Add(0);
            }
            else if (f.AtLeast(f.Integer(n, p), 1, p, 1 << 16) is { } width)
            {
                layers.Add((int)width);
            }
            else
            {
                return null;
            }
        }
        result.Add(layers);
        return result;
    }

    private static (double? Low, double? High) Bounds2(YamlFields f, YamlNode node, string path)
    {
        if (node is YamlMappingNode)
        {
            var r = f.Mapping(node, path, "min", "max");
            return (f.Number(YamlFields.Get(r, "min"), path + ".min", required: true), f.Number(YamlFields.Get(r, "max"), path + ".max", required: true));
        }
        var pair = f.Sequence(node, path);
        if (pair is not { Count: 2 })
        {
            f.Problem(path, "expected [min, max] or { min, max }");
            return (null, null);
        }
        return (f.Number(pair[0].Node, pair[0].Path), f.Number(pair[1].Node, pair[1].Path));
    }

    private static bool CheckRange(YamlFields f, string path, double? lo, double? hi, bool log, Func<double, bool> inBounds, Func<string> bounds)
    {
        if (lo is null || hi is null)
        {
            return false;
        }
        if (log && lo <= 0)
        {
            f.Problem(path + ".min", $"must be > 0 for a log scale, got {Num(lo.Value)}");
            return false;
        }
        if (!inBounds(lo.Value))
        {
            f.Problem(path + ".min", $"must be {bounds()}, got {Num(lo.Value)}");
            return false;
        }
        if (!inBounds(hi.Value))
        {
            f.Problem(path + ".max", $"must be {bounds()}, got {Num(hi.Value)}");
            return false;
        }
        if (hi < lo)
        {
            f.Problem(path + ".max", $"must be >= min ({Num(lo.Value)}), got {Num(hi.Value)}");
            return false;
        }
        return true;
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

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
