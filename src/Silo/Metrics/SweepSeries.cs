using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Metrics;

/// <summary>Latest per-sweep gauge values, published by the silo hosting the sweep's grain. Immutable, like <see cref="TrialSeries"/>.</summary>
internal sealed class SweepSeries(string sweepId, SweepState state, ImmutableArray<(string State, int Count)> trials, double? best, DateTimeOffset? finishedAt)
{
    public string SweepId { get; } = sweepId;
    public SweepState State { get; } = state;

    /// <summary>Trials of the sweep in each trial state (every state, zeros included, so panels show a 0 rather than nothing).</summary>
    public ImmutableArray<(string State, int Count)> Trials { get; } = trials;
    public double? BestTestAccuracy { get; } = best;

    /// <summary>When this silo saw the sweep complete or get cancelled; null while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; } = finishedAt;
}
