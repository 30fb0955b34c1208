namespace SweepGrid.Contracts.Spec;

/// <summary><c>early_stopping:</c> the rule that ends unpromising trials before their last epoch.</summary>
[GenerateSerializer, Immutable]
public sealed record EarlyStoppingSpec
{
    public static readonly EarlyStoppingSpec None = new() { Algorithm = StoppingAlgorithm.None };

    [Id(0)] public StoppingAlgorithm Algorithm { get; init; }
    /// <summary>The metric the rule compares (default: the selection's).</summary>
    [Id(1)] public Metric Metric { get; init; } = Metric.TestLoss;
    [Id(2)] public SelectionGoal Mode { get; init; } = SelectionGoal.Min;
    /// <summary>Epochs every trial trains before any decision (ASHA's first rung).</summary>
    [Id(3)] public int GraceEpochs { get; init; } = 1;
    /// <summary>ASHA's η: rungs at grace·η^k; the top 1/η at each rung go on.</summary>
    [Id(4)] public int ReductionFactor { get; init; } = 3;
    /// <summary>Median rule: earlier trials needed at an epoch before any trial is stopped there.</summary>
    [Id(5)] public int MinSamples { get; init; } = 3;

    public bool Enabled => Algorithm != StoppingAlgorithm.None;
}
