using System.Globalization;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// Finds overfitting the way it shows on a learning curve: test loss reaches a minimum and then climbs while
/// training goes on. A climb within the tolerance is treated as noise, not as overfitting.
/// </summary>
public static class Overfitting
{
    /// <summary>Rise in test loss (absolute, in loss units) above which a curve counts as overfitting.</summary>
    public const double DefaultTolerance = 0.02;

    /// <summary>The note for one configuration's seed-mean test loss; null when the curve has no finite test loss.</summary>
    public static OverfittingNote? Detect(ConfigurationCurve curve, double tolerance = DefaultTolerance)
    {
        // A diverged epoch has NaN/inf losses; it says nothing about overfitting, so only finite epochs count.
        var epochs = curve.Epochs.Where(e => double.IsFinite(e.TestLoss.Mean)).ToList();
        if (epochs.Count == 0)
        {
            return null;
        }
        var min = epochs.Aggregate((best, e) => e.TestLoss.Mean < best.TestLoss.Mean ? e : best);
        var last = epochs[^1];
        var rise = last.TestLoss.Mean - min.TestLoss.Mean;
        var overfits = rise > tolerance;
        return new OverfittingNote(curve.Configuration, curve.Label, curve.SeedCount, min.Epoch, min.TestLoss.Mean,
            last.Epoch, last.TestLoss.Mean, rise, overfits, last.Gap, Text(min.Epoch, last.Epoch, rise, overfits, tolerance));
    }

    /// <summary>The note for a single trial.</summary>
    public static OverfittingNote? Detect(TrialInfo trial, double tolerance = DefaultTolerance) =>
        Detect(SeedAggregation.Single(trial, Configuration.Of(trial.Point).Label(false, false)), tolerance);

    private static string Text(int minEpoch, int lastEpoch, double rise, bool overfits, double tolerance)
    {
        if (minEpoch == lastEpoch)
        {
            return $"test loss still falling: lowest at the last epoch ({lastEpoch})";
        }
        var by = $"+{rise.ToString("0.00#", CultureInfo.InvariantCulture)} by epoch {lastEpoch}";
        return overfits
            ? $"test loss rises after epoch {minEpoch}: {by}"
            : $"test loss levels off after epoch {minEpoch}: {by}, within {tolerance.ToString("0.###", CultureInfo.InvariantCulture)}";
    }
}
