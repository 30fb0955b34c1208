namespace SweepGrid.Contracts.Spec;

/// <summary><c>search:</c> how the sweep's space is explored, how many configurations, from which seed.</summary>
[GenerateSerializer, Immutable]
public sealed record SearchSpec
{
    /// <summary>The grid: every combination of the listed values (no ranges).</summary>
    public static readonly SearchSpec Grid = new() { Algorithm = SearchAlgorithm.Grid };

    [Id(0)] public SearchAlgorithm Algorithm { get; init; }
    /// <summary>Configurations to try (random, tpe); each runs once per seed in <c>sweep.seeds</c>. 0 for a grid.</summary>
    [Id(1)] public int Trials { get; init; }
    /// <summary>Seeds the sampler (not the training): the same seed proposes the same configurations.</summary>
    [Id(2)] public long Seed { get; init; }
    /// <summary>TPE: configurations drawn at random before the model is used.</summary>
    [Id(3)] public int StartupTrials { get; init; } = 10;
    /// <summary>TPE: configurations training at once; a new one is proposed as each finishes.</summary>
    [Id(4)] public int Parallel { get; init; } = 10;
}
