using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client.Analysis;

/// <summary>One epoch of a configuration's seed-averaged curve: mean ± std of each metric over its seeds.</summary>
public sealed record EpochAggregate(int Epoch, MeanStd TrainLoss, MeanStd TrainAccuracy, MeanStd TestLoss, MeanStd TestAccuracy)
{
    /// <summary>The mean ± std of one metric.</summary>
    public MeanStd Of(Metric metric) => metric switch
    {
        Metric.TrainLoss => TrainLoss,
        Metric.TrainAccuracy => TrainAccuracy,
        Metric.TestLoss => TestLoss,
        _ => TestAccuracy,
    };

    /// <summary>|train accuracy − test accuracy| of the means: how far the model fits its training set better.</summary>
    public double Gap => Math.Abs(TrainAccuracy.Mean - TestAccuracy.Mean);
}
