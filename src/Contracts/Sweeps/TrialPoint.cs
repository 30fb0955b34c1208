namespace SweepGrid.Contracts.Sweeps;

/// <summary>One point of a sweep's grid: the values of every swept axis for one trial.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialPoint(
    [property: Id(0)] double WeightDecay,
    [property: Id(1)] long Seed,
    [property: Id(2)] string Activation,
    [property: Id(3)] string Loss);
