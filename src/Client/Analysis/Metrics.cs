using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>Words and values of a <see cref="Metric"/>; its spec name is its keyword (<see cref="SpecKeywords.Metrics"/>).</summary>
public static class Metrics
{
    /// <summary>The metric in words, e.g. "test loss".</summary>
    public static string Words(this Metric metric) => metric.Keyword().Replace('_', ' ');

    /// <summary>The metric's value in one recorded epoch.</summary>
    public static double Of(this Metric metric, EpochRecord epoch) => epoch.Value(metric);
}
