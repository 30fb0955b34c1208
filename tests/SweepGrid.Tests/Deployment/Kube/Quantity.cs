using System.Globalization;
using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>Kubernetes resource quantities ("500m", "2", "4Gi", "1e3") as decimal numbers.</summary>
internal static partial class Quantity
{
    private static readonly Dictionary<string, decimal> Suffixes = new()
    {
        [""] = 1m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
    };

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true })
        {
            return false;
        }

        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var exponent = match.Groups["exponent"].Success ? int.Parse(match.Groups["exponent"].Value, CultureInfo.InvariantCulture) : 0;
        value = number * Suffixes[match.Groups["suffix"].Value] * (decimal)Math.Pow(10, exponent);
        return true;
    }

    [GeneratedRegex("^(?<number>[+-]?[0-9]+(\\.[0-9]*)?|[+-]?\\.[0-9]+)(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|m|k|M|G|T|P|)|[eE](?<exponent>[+-]?[0-9]+))$")]
    private static partial Regex Pattern();
}
