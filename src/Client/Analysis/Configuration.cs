using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// What a trial trains, without its seed: the trials of one configuration differ only by seed, so their curves
/// are averaged and the configuration, not the trial, is what a selection chooses.
/// </summary>
public sealed record Configuration(double WeightDecay, HiddenActivation Activation, LossFunction Loss)
{
    /// <summary>The configuration a trial belongs to.</summary>
    public static Configuration Of(TrialPoint point) => new(point.WeightDecay, point.Activation, point.Loss);

    /// <summary>
    /// Short label: the decay as people write it (5e-4), followed by the activation and loss only when the sweep
    /// varies them, so a plain weight-decay sweep reads "5e-4" and not "5e-4 relu cross_entropy".
    /// </summary>
    public string Label(bool withActivation, bool withLoss)
    {
        var label = DecayLabel.Format(WeightDecay);
        if (withActivation)
        {
            label += " " + Activation.Keyword();
        }
        return withLoss ? label + " " + Loss.Keyword() : label;
    }

    /// <summary>Labels for a set of configurations, naming activation and loss only where they differ.</summary>
    public static IReadOnlyDictionary<Configuration, string> Labels(IEnumerable<Configuration> configurations)
    {
        var all = configurations.Distinct().ToList();
        var withActivation = all.Select(c => c.Activation).Distinct().Count() > 1;
        var withLoss = all.Select(c => c.Loss).Distinct().Count() > 1;
        return all.ToDictionary(c => c, c => c.Label(withActivation, withLoss));
    }

    /// <summary>The order reports list configurations in: by weight decay, then activation, then loss.</summary>
    public static IOrderedEnumerable<T> Order<T>(IEnumerable<T> items, Func<T, Configuration> key) =>
        items.OrderBy(i => key(i).WeightDecay)
            .ThenBy(i => key(i).Activation.Keyword(), StringComparer.Ordinal)
            .ThenBy(i => key(i).Loss.Keyword(), StringComparer.Ordinal);
}
