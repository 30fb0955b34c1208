using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Grains;

/// <summary>What a slot needs to run an attempt: the spec, the point, and how many epochs are already recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialLease(
    [property: Id(0)] SweepSpec Spec,
    [property: Id(1)] TrialPoint Point,
    [property: Id(2)] int RecordedEpochs);
