namespace SweepGrid.Tests.Deployment.Kube;

// A typed subset of the Kubernetes API: the fields SweepGrid's manifests use. Rendered manifests are
// deserialized strictly, so a misspelt or misplaced field fails the schema tests instead of being
// silently ignored by a test that only looks at the fields it knows.

internal abstract class KubeObject
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public ObjectMeta Metadata { get; set; } = new();

    public string Id => $"{Kind}/{Metadata.Name}";
}

internal sealed class ObjectMeta
{
    public string Name { get; set; } = "";

    public string? Namespace { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}

internal sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }

    /// <summary>Whether a pod with these labels is selected (matchLabels only; expressions are not used here).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels) =>
        MatchExpressions is null or { Count: 0 }
        && (MatchLabels ?? []).All(pair => labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}

internal sealed class LabelSelectorRequirement
{
    public string Key { get; set; } = "";

    public string Operator { get; set; } = "";

    public List<string>? Values { get; set; }
}

internal sealed class KubeNamespace : KubeObject;

internal sealed class ServiceAccount : KubeObject
{
    public bool? AutomountServiceAccountToken { get; set; }
}

internal sealed class Secret : KubeObject
{
    public string? Type { get; set; }

    public Dictionary<string, string>? StringData { get; set; }

    public Dictionary<string, string>? Data { get; set; }

    public bool HasKey(string key) => (StringData?.ContainsKey(key) ?? false) || (Data?.ContainsKey(key) ?? false);
}

internal sealed class ConfigMap : KubeObject
{
    public Dictionary<string, string>? Data { get; set; }
}
