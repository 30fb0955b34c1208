using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>A sweep with its spec and a <see cref="TrialSummary"/> per trial in grid order; no epoch lists.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepSummary
{
    [Id(0)] public required string SweepId { get; init; }
    [Id(1)] public required SweepSpec Spec { get; init; }
    [Id(2)] public required SweepState State { get; init; }
    [Id(3)] public required ImmutableArray<TrialSummary> Trials { get; init; }
    [Id(4)] public DateTimeOffset SubmittedAt { get; init; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }
}
