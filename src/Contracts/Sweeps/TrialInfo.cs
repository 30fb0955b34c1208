using System.Collections.Immutable;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// Everything known about one trial: its point, state, every recorded epoch and where it ran. Assembled by readers
/// (<see cref="Grains.SweepReads"/>) from the trial's summary and its epochs, page by page.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialInfo
{
    /// <summary>Stable hash of the trial's full configuration (see <see cref="TrialIds"/>).</summary>
    [Id(0)] public required string TrialId { get; init; }
    [Id(1)] public required TrialPoint Point { get; init; }
    [Id(2)] public required TrialState State { get; init; }
    /// <summary>Recorded epochs in order, each exactly once.</summary>
    [Id(3)] public ImmutableArray<EpochRecord> Epochs { get; init; } = [];
    /// <summary>Failed attempts so far.</summary>
    [Id(4)] public int Failures { get; init; }
    /// <summary>Why it diverged, failed or was cancelled; the last error of a retried attempt.</summary>
    [Id(5)] public string? Message { get; init; }
    /// <summary>The silo that runs or last ran it.</summary>
    [Id(6)] public string? Silo { get; init; }
    /// <summary>Trials trained together with this one as one fused job (ids), empty when alone.</summary>
    [Id(7)] public ImmutableArray<string> FusedWith { get; init; } = [];
    /// <summary>Times the trial was resumed on another slot after its silo was lost.</summary>
    [Id(8)] public int Resumes { get; init; }
    /// <summary>The decision epoch (rung) at which early stopping stopped it; null unless it was stopped.</summary>
    [Id(9), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? StoppedAt { get; init; }

    /// <summary>The summary with its epochs (which must be epochs 1 … <see cref="TrialSummary.Epochs"/>).</summary>
    public static TrialInfo Of(TrialSummary summary, ImmutableArray<EpochRecord> epochs) => new()
    {
        TrialId = summary.TrialId,
        Point = summary.Point,
        State = summary.State,
        Epochs = epochs,
        Failures = summary.Failures,
        Message = summary.Message,
        Silo = summary.Silo,
        FusedWith = summary.FusedWith,
        Resumes = summary.Resumes,
        StoppedAt = summary.StoppedAt,
    };
}
