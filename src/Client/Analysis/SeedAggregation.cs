using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>Averages trials that differ only by seed into one curve per <see cref="Configuration"/>.</summary>
public static class SeedAggregation
{
    /// <summary>
    /// Groups the trials by configuration and gives, per epoch, the mean and sample std of each metric. Only epochs
    /// that every seed of the configuration recorded are kept: a mean over a changing set of seeds would jump where
    /// a seed stops, which reads as a change in learning that never happened. Callers choose which trials to pass
    /// (for example completed ones only). Curves come in <see cref="Configuration.Order{T}"/> order.
    /// </summary>
    public static IReadOnlyList<ConfigurationCurve> Aggregate(IEnumerable<TrialInfo> trials)
    {
        var groups = trials.GroupBy(t => Configuration.Of(t.Point)).ToList();
        var labels = Configuration.Labels(groups.Select(g => g.Key));
        var curves = groups.Select(g => Curve(g.Key, labels[g.Key], [.. g.OrderBy(t => t.Point.Seed).ThenBy(t => t.TrialId, StringComparer.Ordinal)]));
        return [.. Configuration.Order(curves, c => c.Configuration)];
    }

    /// <summary>One trial as a curve of its own (std 0), so per-trial analysis shares the per-configuration code.</summary>
    public static ConfigurationCurve Single(TrialInfo trial, string label) =>
        Curve(Configuration.Of(trial.Point), label, [trial]);

    private static ConfigurationCurve Curve(Configuration configuration, string label, IReadOnlyList<TrialInfo> trials)
    {
        var byEpoch = trials.Select(t => t.Epochs.ToDictionary(e => e.Epoch)).ToList();
        var common = byEpoch.Skip(1).Aggregate(
            new SortedSet<int>(byEpoch.Count == 0 ? [] : byEpoch[0].Keys),
            (set, next) => { set.IntersectWith(next.Keys); return set; });
        var epochs = common.Select(epoch =>
        {
            var records = byEpoch.Select(d => d[epoch]).ToList();
            MeanStd Stat(Metric m) => MeanStd.Of([.. records.Select(r => m.Of(r))]);
            return new EpochAggregate(epoch, Stat(Metric.TrainLoss), Stat(Metric.TrainAccuracy), Stat(Metric.TestLoss), Stat(Metric.TestAccuracy));
        });
        return new ConfigurationCurve(configuration, label, [.. trials.Select(t => t.TrialId)], [.. trials.Select(t => t.Point.Seed)], [.. epochs]);
    }
}
