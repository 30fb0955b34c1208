using Newtonsoft.Json;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// Durable state of a trial grain; written after every change, including every epoch. Its size does not grow with the
/// epochs: they are stored one entry each in the <see cref="Storage.IEpochStore"/>, and this state keeps their count
/// (the truth about which are recorded), the latest and the best test accuracy.
/// </summary>
[GenerateSerializer]
public sealed class TrialGrainState
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public TrialPoint? Point { get; set; }
    [Id(2)] public TrialState State { get; set; } = TrialState.Pending;

    /// <summary>
    /// Where states written before epochs moved to the epoch store kept them. Read only: the next activation moves them
    /// to the store and clears this, and it is never written with entries again. It keeps its old name in JSON (the
    /// ADO.NET provider stores grain state with Newtonsoft.Json, by property name) and its old id in Orleans' format.
    /// </summary>
    [Id(3), JsonProperty("Epochs")] public List<EpochRecord> LegacyEpochs { get; set; } = [];
    [Id(4)] public int Failures { get; set; }
    [Id(5)] public string? Message { get; set; }
    [Id(6)] public string? Silo { get; set; }
    [Id(7)] public Guid? LeaseId { get; set; }
    [Id(8)] public List<string> FusedWith { get; set; } = [];
    [Id(9)] public int Resumes { get; set; }
    [Id(10)] public bool CancelRequested { get; set; }
    /// <summary>Attempts in a row whose silo died before they recorded an epoch.</summary>
    [Id(11)] public int SiloDeaths { get; set; }
    /// <summary>Epochs recorded when the current attempt began (to tell whether it made progress).</summary>
    [Id(12)] public int AttemptStartEpochs { get; set; }
    /// <summary>Epochs recorded: entries 1 … this of the epoch store are the trial's, anything after is not.</summary>
    [Id(13)] public int EpochCount { get; set; }
    [Id(14)] public EpochRecord? Latest { get; set; }
    [Id(15)] public double? BestTestAccuracy { get; set; }
    /// <summary>Early stopping's decision to stop this trial: the decision epoch (rung); the trial ends as stopped.</summary>
    [Id(16)] public int? StopAt { get; set; }
    /// <summary>Why early stopping stopped it (the rule, the rung and the numbers).</summary>
    [Id(17)] public string? StopReason { get; set; }

    // Newtonsoft.Json (grain state in PostgreSQL) writes the decision only when there is one: the states of trials of
    // sweeps without early stopping stay what older silos wrote and read.
    public bool ShouldSerializeStopAt() => StopAt is not null;

    public bool ShouldSerializeStopReason() => StopReason is not null;

    /// <summary>A copy to restore when a write fails (the lists are copied; records and spec are immutable).</summary>
    public TrialGrainState Copy()
    {
        var copy = (TrialGrainState)MemberwiseClone();
        copy.LegacyEpochs = [.. LegacyEpochs];
        copy.FusedWith = [.. FusedWith];
        return copy;
    }

    /// <summary>Counts <paramref name="epoch"/>, the next one, as recorded.</summary>
    public void Record(EpochRecord epoch)
    {
        EpochCount = epoch.Epoch;
        Latest = epoch;
        if (!double.IsNaN(epoch.TestAccuracy))
        {
            BestTestAccuracy = BestTestAccuracy is { } best ? Math.Max(best, epoch.TestAccuracy) : epoch.TestAccuracy;
        }
    }
}
