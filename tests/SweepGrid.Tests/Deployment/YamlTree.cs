using YamlDotNet.Serialization;

namespace SweepGrid.Tests.Deployment;

/// <summary>Untyped YAML (docker-compose output, Prometheus config) as nested dictionaries, lists and strings.</summary>
internal static class YamlTree
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static object Load(string yaml) => Deserializer.Deserialize<object>(yaml) ?? throw new InvalidDataException("Empty YAML.");

    /// <summary>The node at a path of mapping keys, or null when any step is missing.</summary>
    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return node;
    }

    public static string? Text(object? node, params string[] path) => At(node, path) as string;

    public static Dictionary<object, object> Map(object? node, params string[] path) =>
        At(node, path) as Dictionary<object, object> ?? throw new InvalidDataException($"No mapping at {string.Join('.', path)}.");

    public static List<string> Strings(object? node, params string[] path) =>
        (At(node, path) as List<object> ?? []).Select(o => o as string ?? "").ToList();

    public static IEnumerable<string> Keys(object? node, params string[] path) =>
        (At(node, path) as Dictionary<object, object> ?? []).Keys.Select(k => (string)k);
}
