using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Grains;

/// <summary>Durable state of a trial grain; written after every change, including every epoch.</summary>
[GenerateSerializer]
public sealed class TrialGrainState
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public TrialPoint? Point { get; set; }
    [Id(2)] public TrialState State { get; set; } = TrialState.Pending;
    [Id(3)] public List<EpochRecord> Epochs { get; set; } = [];
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

    /// <summary>A copy to restore when a write fails (the lists are copied; records and spec are immutable).</summary>
    public TrialGrainState Copy()
    {
        var copy = (TrialGrainState)MemberwiseClone();
        copy.Epochs = [.. Epochs];
        copy.FusedWith = [.. FusedWith];
        return copy;
    }
}
