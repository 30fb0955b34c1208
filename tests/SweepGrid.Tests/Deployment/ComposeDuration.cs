using System.Globalization;
using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment;

/// <summary>Compose durations ("60s", "2m", "1m30s", "500ms").</summary>
internal static partial class ComposeDuration
{
    public static TimeSpan Parse(string text)
    {
        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
        {
            throw new FormatException($"'{text}' is not a compose duration.");
        }

        return parts.Aggregate(TimeSpan.Zero, (sum, p) =>
        {
            var value = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            return sum + p.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromMicroseconds(value),
            };
        });
    }

    [GeneratedRegex("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us)")]
    private static partial Regex Part();
}
