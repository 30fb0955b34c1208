using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Typed reads from a YAML tree that record a <see cref="SpecProblem"/> (with the dotted path) instead of
/// throwing, so a spec is checked completely and every problem reported at once.
/// </summary>
internal sealed class YamlFields(List<SpecProblem> problems)
{
    /// <summary>Records a problem; path and message may quote user input, so both are bounded excerpts.</summary>
    public void Problem(string path, string message) => problems.Add(new SpecProblem(UserInput.Excerpt(path, 120), UserInput.Excerpt(message, 400)));

    /// <summary>The keys of a mapping; unknown keys are problems (a typo must never be silently ignored).</summary>
    public Dictionary<string, YamlNode>? Mapping(YamlNode? node, string path, params string[] allowed)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not YamlMappingNode map)
        {
            Problem(path, $"expected a mapping with keys {string.Join(", ", allowed)}, got {Describe(node)}");
            return null;
        }
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            // An empty key still gets a path a user can find ("''" where the name should be).
            var full = Join(path, key.Length == 0 ? "''" : key);
            if (!allowed.Contains(key))
            {
                Problem(full, $"unknown key (expected one of: {string.Join(", ", allowed)})");
            }
            else if (!result.TryAdd(key, v))
            {
                Problem(full, "appears twice");
            }
        }
        return result;
    }

    public static YamlNode? Get(Dictionary<string, YamlNode>? map, string key) =>
        map is not null && map.TryGetValue(key, out var v) ? v : null;

    public string? String(YamlNode? node, string path, bool required = false)
    {
        if (node is null)
        {
            return Missing(path, required);
        }
        if (node is YamlScalarNode { Value: { } s } && s.Length > 0)
        {
            return s;
        }
        Problem(path, $"expected a string, got {Describe(node)}");
        return null;
    }

    /// <summary>A keyword of <paramref name="table"/>; anything else is a problem that lists the allowed keywords.</summary>
    public T? Keyword<T>(YamlNode? node, string path, KeywordTable<T> table, bool required = false) where T : struct, Enum
    {
        var s = String(node, path, required);
        if (s is null)
        {
            return null;
        }
        if (!table.TryParse(s, out var value))
        {
            Problem(path, $"must be one of {string.Join(", ", table.Keywords)}, got '{s}'");
            return null;
        }
        return value;
    }

    public double? Number(YamlNode? node, string path, bool required = false)
    {
        if (node is null)
        {
            Missing(path, required);
            return null;
        }
        if (node is YamlScalarNode { Value: { } s }
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }
        Problem(path, $"expected a finite number, got {Describe(node)}");
        return null;
    }

    public long? Integer(YamlNode? node, string path, bool required = false)
    {
        if (node is null)
        {
            Missing(path, required);
            return null;
        }
        if (node is YamlScalarNode { Value: { } s } && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }
        Problem(path, $"expected an integer, got {Describe(node)}");
        return null;
    }

    public bool? Boolean(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }
        if (node is YamlScalarNode { Value: "true" or "false" } s)
        {
            return s.Value == "true";
        }
        Problem(path, $"expected true or false, got {Describe(node)}");
        return null;
    }

    /// <summary>A sequence's items with their paths (<c>path[i]</c>); a scalar is not accepted as a one-item list.</summary>
    public List<(YamlNode Node, string Path)>? Sequence(YamlNode? node, string path, bool required = false)
    {
        if (node is null)
        {
            Missing(path, required);
            return null;
        }
        if (node is YamlSequenceNode seq)
        {
            if (seq.Children.Count > SpecLimits.MaxListLength)
            {
                Problem(path, $"has {seq.Children.Count:N0} items; the limit is {SpecLimits.MaxListLength:N0}");
                return null;
            }
            return [.. seq.Children.Select((n, i) => (n, $"{path}[{i}]"))];
        }
        Problem(path, $"expected a list, got {Describe(node)}");
        return null;
    }

    public long? AtLeast(long? value, long min, string path, long max = long.MaxValue)
    {
        if (value is { } v && (v < min || v > max))
        {
            Problem(path, max == long.MaxValue ? $"must be >= {min}, got {v}" : $"must be between {min} and {max}, got {v}");
            return null;
        }
        return value;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private string? Missing(string path, bool required)
    {
        if (required)
        {
            Problem(path, "is required");
        }
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "an empty value",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.NodeType.ToString(),
    };
}
