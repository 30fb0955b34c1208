namespace SweepGrid.Contracts.Spec;

/// <summary>SGD settings shared by every trial (weight decay is swept).</summary>
[GenerateSerializer, Immutable]
public sealed record OptimizerSpec
{
    [Id(0)] public required double Lr { get; init; }
    [Id(1)] public double Momentum { get; init; }
    [Id(2)] public bool Nesterov { get; init; }
}
