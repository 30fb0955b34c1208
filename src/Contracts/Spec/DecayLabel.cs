using System.Globalization;

namespace SweepGrid.Contracts.Spec;

/// <summary>Short, stable text for a weight decay as people write it: 5e-4, 1.5e-3, 0.</summary>
public static class DecayLabel
{
    public static string Format(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        var s = value.ToString("0.##e+0", CultureInfo.InvariantCulture);
        return s.Replace("e+", "e", StringComparison.Ordinal);
    }
}
