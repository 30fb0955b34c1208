using System.Collections.Immutable;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>What a submission did: the sweep id, trials newly queued, and trials that already existed.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitResult(
    [property: Id(0)] string SweepId,
    [property: Id(1)] ImmutableArray<string> NewTrials,
    [property: Id(2)] ImmutableArray<string> ExistingTrials);
