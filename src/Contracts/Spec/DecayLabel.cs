using System.Globalization;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// A hyperparameter value as people write it (5e-4, 1.5e-3, 0) with as many digits as it takes to name exactly that
/// double: the label parses back to the same value, so two distinct values never share a legend entry or a metric
/// label (1.231e-4 and 1.234e-4 stay apart). Identity (trial ids, fingerprints) uses the round-trip "R" text.
/// </summary>
public static class DecayLabel
{
    public static string Format(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }
        // The fewest significant digits that still parse back to this double (at most 17 for any double).
        for (var digits = 1; digits < 17; digits++)
        {
            var text = Scientific(value, digits);
            if (double.Parse(text, CultureInfo.InvariantCulture) == value)
            {
                return text;
            }
        }
        return Scientific(value, 17);
    }

    private static string Scientific(double value, int digits)
    {
        var s = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var mantissa = s[..e];
        if (mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        }
        var exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return exponent == 0 ? mantissa : $"{mantissa}e{exponent.ToString(CultureInfo.InvariantCulture)}";
    }
}
