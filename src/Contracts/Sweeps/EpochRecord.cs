namespace SweepGrid.Contracts.Sweeps;

/// <summary>One finished epoch of a trial (1-based), as stored durably and reported.</summary>
[GenerateSerializer, Immutable]
public sealed record EpochRecord(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double TrainLoss,
    [property: Id(2)] double TrainAccuracy,
    [property: Id(3)] double TestLoss,
    [property: Id(4)] double TestAccuracy,
    [property: Id(5)] double Seconds,
    [property: Id(6)] double SamplesPerSecond)
{
    /// <summary>The value of <paramref name="metric"/> in this epoch.</summary>
    public double Value(Spec.Metric metric) => metric switch
    {
        Spec.Metric.TrainLoss => TrainLoss,
        Spec.Metric.TrainAccuracy => TrainAccuracy,
        Spec.Metric.TestLoss => TestLoss,
        Spec.Metric.TestAccuracy => TestAccuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };
}
