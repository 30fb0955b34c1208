using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>One line of a report's results table: a trial with its final and best epochs.</summary>
/// <param name="Trial">The trial.</param>
/// <param name="Label">Its configuration's label among the sweep's configurations (e.g. "5e-4").</param>
/// <param name="Last">The last recorded epoch; null when none was recorded.</param>
/// <param name="BestTestLoss">The epoch of lowest finite test loss (the earliest on equal values); null when none.</param>
internal sealed record TrialRow(TrialInfo Trial, string Label, EpochRecord? Last, EpochRecord? BestTestLoss)
{
    /// <summary>|train accuracy − test accuracy| at the last epoch.</summary>
    public double? Gap => Last is null ? null : Math.Abs(Last.TrainAccuracy - Last.TestAccuracy);

    /// <summary>Every trial of the sweep, in report order (configuration, then seed).</summary>
    public static IReadOnlyList<TrialRow> Of(IReadOnlyList<TrialInfo> trials)
    {
        var labels = Configuration.Labels(trials.Select(t => Configuration.Of(t.Point)));
        return
        [
            .. Configuration.Order(trials, t => Configuration.Of(t.Point)).ThenBy(t => t.Point.Seed).Select(t => new TrialRow(
                t,
                labels[Configuration.Of(t.Point)],
                t.Epochs.IsDefaultOrEmpty ? null : t.Epochs[^1],
                t.Epochs.IsDefaultOrEmpty ? null : t.Epochs.Where(e => double.IsFinite(e.TestLoss)).MinBy(e => e.TestLoss))),
        ];
    }

    /// <summary>Whether the sweep varies only the weight decay (tables then head the label column "weight decay").</summary>
    public static bool OnlyDecayVaries(IReadOnlyList<TrialInfo> trials) =>
        trials.Select(t => (t.Point.Activation, t.Point.Loss, t.Point.Lr, t.Point.Momentum, t.Point.BatchSize, string.Join('-', t.Point.Hidden))).Distinct().Count() <= 1;

    /// <summary>The trial's state as the tables show it: "stopped @ 9" for a trial early stopping ended at epoch 9.</summary>
    public string StateText => Trial.State == TrialState.Stopped && Trial.StoppedAt is { } at ? $"stopped @ {at}" : Trial.State.Name();
}
