namespace SweepGrid.Contracts.Spec;

/// <summary>
/// A parsed, validated sweep specification. Produce one with <see cref="SpecParser"/>; every field here has
/// already been checked (ranges, known names), so consumers need not re-validate.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SweepSpec
{
    /// <summary>Sweep name (letters, digits, '-', '_', '.').</summary>
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required DataSpec Data { get; init; }
    [Id(2)] public required ModelSpec Model { get; init; }
    [Id(3)] public required LossSpec Loss { get; init; }
    [Id(4)] public required OptimizerSpec Optimizer { get; init; }
    [Id(5)] public required SweepAxes Sweep { get; init; }
    /// <summary>Epochs per trial.</summary>
    [Id(6)] public required int Epochs { get; init; }
    /// <summary>Mini-batch size.</summary>
    [Id(7)] public required int BatchSize { get; init; }
    [Id(8)] public required SelectionSpec Selection { get; init; }
    [Id(9)] public required ResourceSpec Resources { get; init; }
}
