using System.Collections.Immutable;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// A trial without its epoch list: its state, how many epochs it has recorded, the latest and the best test accuracy.
/// Constant in size however long the trial runs; this is what its sweep keeps and streams. The epochs themselves are
/// read page by page from the trial (<see cref="Grains.ITrialGrain.GetEpochsAsync"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialSummary
{
    /// <summary>Stable hash of the trial's full configuration (see <see cref="TrialIds"/>).</summary>
    [Id(0)] public required string TrialId { get; init; }
    [Id(1)] public required TrialPoint Point { get; init; }
    [Id(2)] public required TrialState State { get; init; }
    /// <summary>Epochs recorded, each exactly once (1 … this number).</summary>
    [Id(3)] public int Epochs { get; init; }
    /// <summary>The last recorded epoch; null before the first.</summary>
    [Id(4)] public EpochRecord? Latest { get; init; }
    /// <summary>The highest test accuracy of any recorded epoch; null before the first.</summary>
    [Id(5)] public double? BestTestAccuracy { get; init; }
    /// <summary>Failed attempts so far.</summary>
    [Id(6)] public int Failures { get; init; }
    /// <summary>Why it diverged, failed or was cancelled; the last error of a retried attempt.</summary>
    [Id(7)] public string? Message { get; init; }
    /// <summary>The silo that runs or last ran it.</summary>
    [Id(8)] public string? Silo { get; init; }
    /// <summary>Trials trained together with this one as one fused job (ids), empty when alone.</summary>
    [Id(9)] public ImmutableArray<string> FusedWith { get; init; } = [];
    /// <summary>Times the trial was resumed on another slot after its silo was lost.</summary>
    [Id(10)] public int Resumes { get; init; }
    /// <summary>The decision epoch (rung) at which early stopping stopped it; null unless it was stopped.</summary>
    [Id(11)] public int? StoppedAt { get; init; }

    /// <summary>Equal when every field is (the trials it was fused with compared element by element, not by array).</summary>
    public bool Equals(TrialSummary? other) => other is not null
        && TrialId == other.TrialId && Point == other.Point && State == other.State && Epochs == other.Epochs
        && Latest == other.Latest && Nullable.Equals(BestTestAccuracy, other.BestTestAccuracy) && Failures == other.Failures
        && Message == other.Message && Silo == other.Silo && Resumes == other.Resumes && StoppedAt == other.StoppedAt
        && FusedWith.AsSpan().SequenceEqual(other.FusedWith.AsSpan());

    public override int GetHashCode() => HashCode.Combine(TrialId, State, Epochs, Silo);

    /// <summary>A trial its sweep knows only by its point: never created, or not heard from yet.</summary>
    public static TrialSummary Pending(string trialId, TrialPoint point) => new() { TrialId = trialId, Point = point, State = TrialState.Pending };
}
