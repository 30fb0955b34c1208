using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>The API server's name and label syntax rules (apimachinery validation).</summary>
internal static partial class KubeNames
{
    public static bool IsDnsLabel(string? s) => s is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(s);

    public static bool IsDnsSubdomain(string? s) => s is { Length: > 0 and <= 253 } && s.Split('.').All(IsDnsLabel);

    /// <summary>A named port: at most 15 characters, lower-case alphanumerics and '-', at least one letter.</summary>
    public static bool IsPortName(string? s) =>
        s is { Length: > 0 and <= 15 } && PortName().IsMatch(s) && s.Any(char.IsAsciiLetterLower) && !s.Contains("--", StringComparison.Ordinal);

    public static bool IsLabelKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        return (prefix is null || IsDnsSubdomain(prefix)) && name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= 63 && LabelValue().IsMatch(value));

    public static bool IsEnvName(string name) => EnvName().IsMatch(name);

    public static bool IsPort(int port) => port is >= 1 and <= 65535;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex PortName();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}
