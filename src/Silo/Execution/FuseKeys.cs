using System.Globalization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Which trials may train fused as one job: members see the same mini-batches, so they must share data,
/// data-order seed, batch size, architecture, activation, loss and epochs (the point's own where it varies them).
/// Weight decay, learning rate and momentum may differ per member.
/// </summary>
public static class FuseKeys
{
    public static string Of(SweepSpec spec, TrialPoint point) => string.Create(CultureInfo.InvariantCulture,
        $"{spec.Data.Dataset.Keyword()}:{spec.Data.TrainLimit}:{spec.Data.TestLimit}|{string.Join('-', point.Hidden.IsEmpty ? spec.Model.Hidden : point.Hidden)}|{point.Activation.Keyword()}|{point.Loss.Keyword()}:{spec.Loss.Delta:R}|seed={point.Seed}|bs={point.BatchSize ?? spec.BatchSize}|ep={spec.Epochs}|{spec.Resources.Device.Keyword()}");

    /// <summary>Largest group for this spec: fuse off → 1, auto → the silo's configured maximum, K → K.</summary>
    public static int MaxGroup(SweepSpec spec, int autoMax) => spec.Resources.Fuse.MaxGroup(autoMax);
}
