using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// Durable state of a sweep grain: the latest accepted spec, every trial it ever queued (in grid or ask order: a trial's
/// position is its index for early stopping), a search's sampled points and early stopping's decisions.
/// </summary>
[GenerateSerializer]
public sealed class SweepGrainState
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public SweepState State { get; set; } = SweepState.Running;
    [Id(2)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public List<string> TrialIds { get; set; } = [];
    [Id(5)] public Dictionary<string, TrialPoint> Points { get; set; } = [];

    /// <summary>A delete has begun: nothing may be submitted until it finishes (and clears this state).</summary>
    [Id(6)] public bool Deleting { get; set; }

    /// <summary>A random or TPE sweep's sampled points, in the order they were asked (configuration k is point k).</summary>
    [Id(7)] public List<ImmutableArray<double>> Asked { get; set; } = [];

    /// <summary>The sampler had no new point left (a finite space smaller than search.trials).</summary>
    [Id(8)] public bool SearchExhausted { get; set; }

    /// <summary>Early stopping's stop decisions by trial id: stored before any trial hears of them, never undone.</summary>
    [Id(9)] public Dictionary<string, StopRecord> Stops { get; set; } = [];

    // Newtonsoft.Json (grain state in PostgreSQL) writes these only when used, so grid sweeps' states stay what older
    // silos wrote and read.
    public bool ShouldSerializeAsked() => Asked.Count > 0;

    public bool ShouldSerializeSearchExhausted() => SearchExhausted;

    public bool ShouldSerializeStops() => Stops.Count > 0;

    /// <summary>A copy to restore when a write fails (collections copied; spec and points are immutable).</summary>
    public SweepGrainState Copy()
    {
        var copy = (SweepGrainState)MemberwiseClone();
        copy.TrialIds = [.. TrialIds];
        copy.Points = new Dictionary<string, TrialPoint>(Points);
        copy.Asked = [.. Asked];
        copy.Stops = new Dictionary<string, StopRecord>(Stops);
        return copy;
    }
}
