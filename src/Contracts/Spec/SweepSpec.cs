using System.Collections.Immutable;

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

/// <summary>Which dataset and where its files are.</summary>
[GenerateSerializer, Immutable]
public sealed record DataSpec
{
    /// <summary>mnist, fashion-mnist or synthetic.</summary>
    [Id(0)] public required string Dataset { get; init; }
    /// <summary>Data directory; null: $SWEEPGRID_DATA or the user's cache.</summary>
    [Id(1)] public string? Dir { get; init; }
    /// <summary>Use only the first N training examples (for synthetic: how many to generate).</summary>
    [Id(2)] public int? TrainLimit { get; init; }
    /// <summary>Use only the first N test examples (for synthetic: how many to generate).</summary>
    [Id(3)] public int? TestLimit { get; init; }
}

/// <summary>The MLP: hidden layer widths and the hidden activation.</summary>
[GenerateSerializer, Immutable]
public sealed record ModelSpec
{
    [Id(0)] public required ImmutableArray<int> Hidden { get; init; }
    /// <summary>relu, tanh or sigmoid.</summary>
    [Id(1)] public required string Activation { get; init; }
}

/// <summary>The training loss and its parameter.</summary>
[GenerateSerializer, Immutable]
public sealed record LossSpec
{
    /// <summary>cross_entropy, hinge, l1, huber, l2 or cosine.</summary>
    [Id(0)] public required string Name { get; init; }
    /// <summary>Huber's δ (only meaningful for huber).</summary>
    [Id(1)] public double Delta { get; init; } = 1.0;
}

/// <summary>SGD settings shared by every trial (weight decay is swept).</summary>
[GenerateSerializer, Immutable]
public sealed record OptimizerSpec
{
    [Id(0)] public required double Lr { get; init; }
    [Id(1)] public double Momentum { get; init; }
    [Id(2)] public bool Nesterov { get; init; }
}

/// <summary>The swept axes; the trial grid is their product.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepAxes
{
    [Id(0)] public required ImmutableArray<double> WeightDecay { get; init; }
    [Id(1)] public required ImmutableArray<long> Seeds { get; init; }
    /// <summary>Activations to try; empty means the model's one.</summary>
    [Id(2)] public ImmutableArray<string> Activation { get; init; } = [];
    /// <summary>Losses to try; empty means the spec's loss.</summary>
    [Id(3)] public ImmutableArray<string> Loss { get; init; } = [];
}

/// <summary>How the winner is chosen.</summary>
[GenerateSerializer, Immutable]
public sealed record SelectionSpec
{
    /// <summary>test_accuracy, test_loss, train_accuracy or train_loss.</summary>
    [Id(0)] public required string Metric { get; init; }
    /// <summary>max or min.</summary>
    [Id(1)] public required string Mode { get; init; }
    /// <summary>last (final epoch), best (best epoch) or mean_last_k.</summary>
    [Id(2)] public required string Scope { get; init; }
    /// <summary>k for mean_last_k.</summary>
    [Id(3)] public int LastK { get; init; } = 5;
}

/// <summary>Where and how trials run.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceSpec
{
    /// <summary>auto, cpu or cuda.</summary>
    [Id(0)] public string Device { get; init; } = "auto";
    /// <summary>auto, off, or a maximum group size as a number.</summary>
    [Id(1)] public string Fuse { get; init; } = "auto";
    /// <summary>Retries of a failing trial before it is marked failed. Only the trial's own errors count, never transient faults.</summary>
    [Id(2)] public int MaxFailures { get; init; } = 2;
    /// <summary>
    /// Attempts in a row whose silo died (or whose slot went silent) before they recorded an epoch, after which the
    /// trial is marked failed: a trial that kills its silo (e.g. out of memory) must not take down one silo after another.
    /// </summary>
    [Id(3)] public int MaxSiloDeaths { get; init; } = 3;
}
