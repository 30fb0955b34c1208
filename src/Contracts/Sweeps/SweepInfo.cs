using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>A sweep with its spec and every trial (with epochs): what results, reports and plots are made from.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepInfo
{
    [Id(0)] public required string SweepId { get; init; }
    [Id(1)] public required SweepSpec Spec { get; init; }
    [Id(2)] public required SweepState State { get; init; }
    [Id(3)] public required ImmutableArray<TrialInfo> Trials { get; init; }
    [Id(4)] public DateTimeOffset SubmittedAt { get; init; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The summary with every trial's epochs (<paramref name="trials"/> in the summary's order).</summary>
    public static SweepInfo Of(SweepSummary summary, ImmutableArray<TrialInfo> trials) => new()
    {
        SweepId = summary.SweepId,
        Spec = summary.Spec,
        State = summary.State,
        Trials = trials,
        SubmittedAt = summary.SubmittedAt,
        FinishedAt = summary.FinishedAt,
    };
}
