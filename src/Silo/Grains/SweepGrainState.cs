using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Grains;

/// <summary>Durable state of a sweep grain: the latest accepted spec and every trial it ever queued, in grid order.</summary>
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

    /// <summary>A copy to restore when a write fails (collections copied; spec and points are immutable).</summary>
    public SweepGrainState Copy()
    {
        var copy = (SweepGrainState)MemberwiseClone();
        copy.TrialIds = [.. TrialIds];
        copy.Points = new Dictionary<string, TrialPoint>(Points);
        return copy;
    }
}
