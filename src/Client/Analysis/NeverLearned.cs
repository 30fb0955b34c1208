using System.Globalization;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// Flags curves that show no learning, e.g. a weight decay so strong it pins the weights near zero: the model
/// then predicts about as well as guessing and its training loss stays where it started.
/// </summary>
public static class NeverLearned
{
    /// <summary>Classes of every dataset SweepGrid trains (MNIST, Fashion-MNIST, synthetic): chance is 1/10.</summary>
    public const int DefaultClasses = 10;

    /// <summary>Final test accuracy at most this far above chance counts as chance.</summary>
    public const double DefaultChanceMargin = 0.05;

    /// <summary>A training loss whose relative change from first to last epoch is below this is flat.</summary>
    public const double DefaultFlatChange = 0.05;

    /// <summary>The flag for a configuration's seed-mean curve; null when it learned (or has no epochs).</summary>
    public static NeverLearnedFlag? Check(ConfigurationCurve curve, int classes = DefaultClasses,
        double chanceMargin = DefaultChanceMargin, double flatChange = DefaultFlatChange)
    {
        if (curve.Epochs.Length == 0)
        {
            return null;
        }
        var first = curve.Epochs[0];
        var last = curve.Epochs[^1];
        var chance = 1.0 / classes;
        var finalAccuracy = last.TestAccuracy.Mean;
        var nearChance = finalAccuracy <= chance + chanceMargin;
        // One epoch has no change to measure, so flatness needs at least two.
        var change = curve.Epochs.Length < 2 ? 0 : (last.TrainLoss.Mean - first.TrainLoss.Mean) / Math.Abs(first.TrainLoss.Mean);
        var flat = curve.Epochs.Length >= 2 && Math.Abs(change) < flatChange;
        if (!nearChance && !flat)
        {
            return null;
        }
        var reasons = new List<string>();
        if (nearChance)
        {
            reasons.Add($"final test accuracy {N(finalAccuracy)} is within {G(chanceMargin)} of chance ({N(chance)})");
        }
        if (flat)
        {
            reasons.Add($"train loss flat: {N(first.TrainLoss.Mean)} at epoch {first.Epoch} to {N(last.TrainLoss.Mean)} at epoch {last.Epoch} " +
                $"({(change * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)}%, under {G(flatChange * 100)}%)");
        }
        return new NeverLearnedFlag(curve.Configuration, curve.Label, curve.SeedCount, finalAccuracy, change, nearChance, flat,
            string.Join("; ", reasons));
    }

    /// <summary>The flag for a single trial.</summary>
    public static NeverLearnedFlag? Check(TrialInfo trial, int classes = DefaultClasses,
        double chanceMargin = DefaultChanceMargin, double flatChange = DefaultFlatChange) =>
        Check(SeedAggregation.Single(trial, Configuration.Of(trial.Point).Label(false, false)), classes, chanceMargin, flatChange);

    private static string N(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string G(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
