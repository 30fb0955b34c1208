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
    /// <summary>How the space is explored; a grid when the spec has no <c>search:</c>.</summary>
    public SearchSpec Search { get => _search ?? SearchSpec.Grid; init => _search = value; }
    /// <summary>The early-stopping rule; none when the spec has no <c>early_stopping:</c>.</summary>
    public EarlyStoppingSpec EarlyStopping { get => _earlyStopping ?? EarlyStoppingSpec.None; init => _earlyStopping = value; }

    // Newtonsoft.Json (grain state in PostgreSQL) writes these only when set, so the stored specs of grid sweeps without
    // early stopping stay byte for byte what older silos wrote and read.
    public bool ShouldSerializeSearch() => Search.Algorithm != SearchAlgorithm.Grid;

    public bool ShouldSerializeEarlyStopping() => EarlyStopping.Enabled;

    // Absent from state stored before search existed: read as a grid without early stopping.
    [Id(10)] private SearchSpec? _search;
    [Id(11)] private EarlyStoppingSpec? _earlyStopping;
}
