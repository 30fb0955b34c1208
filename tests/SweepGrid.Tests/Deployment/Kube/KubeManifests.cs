using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>Turns rendered multi-document YAML into typed objects; unknown kinds and unknown fields are errors.</summary>
internal static class KubeManifests
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Type> Kinds = new()
    {
        [("v1", "Namespace")] = typeof(KubeNamespace),
        [("v1", "ServiceAccount")] = typeof(ServiceAccount),
        [("v1", "Secret")] = typeof(Secret),
        [("v1", "ConfigMap")] = typeof(ConfigMap),
        [("v1", "Service")] = typeof(Service),
        [("apps/v1", "StatefulSet")] = typeof(StatefulSet),
        [("batch/v1", "Job")] = typeof(Job),
        [("policy/v1", "PodDisruptionBudget")] = typeof(PodDisruptionBudget),
        [("networking.k8s.io/v1", "NetworkPolicy")] = typeof(NetworkPolicy),
        [("monitoring.coreos.com/v1", "ServiceMonitor")] = typeof(ServiceMonitor),
    };

    // Strict: no IgnoreUnmatchedProperties, so every field must exist in the typed model.
    private static readonly IDeserializer Typed = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private static readonly IDeserializer Generic = new DeserializerBuilder().Build();

    public static IReadOnlyList<KubeObject> Parse(string yaml, string source)
    {
        var objects = new List<KubeObject>();
        foreach (var document in SplitDocuments(yaml))
        {
            var header = Generic.Deserialize<Dictionary<string, object>>(document)
                ?? throw new InvalidDataException($"{source}: an empty document.");
            var apiVersion = header.GetValueOrDefault("apiVersion") as string ?? "";
            var kind = header.GetValueOrDefault("kind") as string ?? "";
            if (!Kinds.TryGetValue((apiVersion, kind), out var type))
            {
                throw new InvalidDataException($"{source}: '{apiVersion}' '{kind}' is not a known API version and kind.");
            }

            try
            {
                objects.Add((KubeObject)Typed.Deserialize(document, type)!);
            }
            catch (YamlException e)
            {
                var name = (header.GetValueOrDefault("metadata") as Dictionary<object, object>)?.GetValueOrDefault("name");
                throw new InvalidDataException($"{source}: {kind}/{name} does not match the {apiVersion} {kind} schema: {e.InnerException?.Message ?? e.Message}", e);
            }
        }

        return objects;
    }

    private static IEnumerable<string> SplitDocuments(string yaml)
    {
        var current = new List<string>();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.TrimEnd('\r') == "---")
            {
                if (current.Any(l => !string.IsNullOrWhiteSpace(l)))
                {
                    yield return string.Join('\n', current);
                }

                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        if (current.Any(l => !string.IsNullOrWhiteSpace(l)))
        {
            yield return string.Join('\n', current);
        }
    }
}
