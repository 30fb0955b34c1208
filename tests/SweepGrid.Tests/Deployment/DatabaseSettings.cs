using SweepGrid.Tests.Deployment.Kube;

namespace SweepGrid.Tests.Deployment;

/// <summary>
/// A rendered container's environment as the kubelet would compute it from the render's own ConfigMaps, with each
/// Secret value replaced by a marker that names its key: where each password goes is then plain to see.
/// </summary>
internal sealed class DatabaseSettings(Rendered render)
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["status.podIP"] = "10.1.2.3",
        ["metadata.name"] = "sweepgrid-silo-0",
        ["metadata.namespace"] = KubeSchema.Namespace,
    };

    public static DatabaseSettings Of(Rendered render) => new(render);

    /// <summary>What a Secret key resolves to here.</summary>
    public static string SecretValue(string key) => $"from-secret-{key}";

    /// <summary>A ConfigMap key's value as rendered (the name is the generated one, with its hash suffix).</summary>
    public string ConfigValue(KeySelector key) =>
        render.All<ConfigMap>().SingleOrDefault(m => m.Metadata.Name == key.Name)?.Data?.GetValueOrDefault(key.Key)
        ?? throw new InvalidOperationException($"{render.Directory} renders no ConfigMap {key.Name} with key {key.Key}");

    /// <summary>The container's variables; <paramref name="configMap"/> overrides ConfigMap values it returns non-null for.</summary>
    public Dictionary<string, string> Resolve(Container container, Func<KeySelector, string?>? configMap = null, Func<KeySelector, string>? secret = null) =>
        ManifestEnvironment.Resolve(
            container,
            Fields,
            secret ?? (key => key.Name.StartsWith(UserSecret.Name, StringComparison.Ordinal)
                ? SecretValue(key.Key)
                : throw new NotSupportedException($"No value for Secret {key.Name} key {key.Key}.")),
            new Dictionary<string, string>(),
            key => configMap?.Invoke(key) ?? ConfigValue(key));
}
