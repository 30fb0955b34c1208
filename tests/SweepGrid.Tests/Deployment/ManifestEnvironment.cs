using System.Text.RegularExpressions;
using SweepGrid.Tests.Deployment.Kube;

namespace SweepGrid.Tests.Deployment;

/// <summary>
/// A container's environment as the kubelet computes it: downward-API and Secret values filled in, $(NAME)
/// references expanded against the variables defined earlier; then cluster-only values swapped for local ones.
/// </summary>
internal static partial class ManifestEnvironment
{
    /// <param name="container">The rendered container.</param>
    /// <param name="fields">Downward-API values by fieldPath (e.g. status.podIP).</param>
    /// <param name="secret">The value of a Secret key.</param>
    /// <param name="replacements">Whole values to swap after resolution (ports, mount paths) for ones that work here.</param>
    /// <param name="configMap">The value of a ConfigMap key (none given: a configMapKeyRef is not supported).</param>
    public static Dictionary<string, string> Resolve(
        Container container,
        IReadOnlyDictionary<string, string> fields,
        Func<KeySelector, string> secret,
        IReadOnlyDictionary<string, string> replacements,
        Func<KeySelector, string>? configMap = null)
    {
        var env = new Dictionary<string, string>();
        foreach (var e in container.Env ?? [])
        {
            if (e.ValueFrom?.SecretKeyRef is { Optional: true } optional && !Has(secret, optional))
            {
                // As the kubelet does when an optional Secret or key is absent: the variable is not set.
                continue;
            }
            var value = e switch
            {
                { ValueFrom.FieldRef: { } field } => fields.TryGetValue(field.FieldPath, out var v)
                    ? v
                    : throw new NotSupportedException($"env {e.Name}: no local value for fieldPath {field.FieldPath}"),
                { ValueFrom.SecretKeyRef: { } key } => secret(key),
                { ValueFrom.ConfigMapKeyRef: { } key } when configMap is not null => configMap(key),
                { Value: { } literal } => Expand(literal, env),
                _ => throw new NotSupportedException($"env {e.Name}: unsupported source"),
            };
            env[e.Name] = replacements.TryGetValue(value, out var local) ? local : value;
        }

        return env;
    }

    private static bool Has(Func<KeySelector, string> secret, KeySelector key)
    {
        try
        {
            _ = secret(key);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>$(NAME) becomes NAME's value when NAME is already defined; $$ escapes a dollar; anything else stays.</summary>
    private static string Expand(string value, Dictionary<string, string> defined) =>
        Reference().Replace(value, m => m.Value == "$$" ? "$" : defined.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\$|\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)")]
    private static partial Regex Reference();
}
