using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// What a submission did: the sweep id, trials newly queued, trials that already existed; or, when the spec
/// was rejected, every problem with its path (and nothing ran).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubmitResult(
    [property: Id(0)] string SweepId,
    [property: Id(1)] ImmutableArray<string> NewTrials,
    [property: Id(2)] ImmutableArray<string> ExistingTrials,
    [property: Id(3)] ImmutableArray<SpecProblem> Problems)
{
    public bool Accepted => Problems.IsDefaultOrEmpty;
}
