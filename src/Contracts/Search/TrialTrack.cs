namespace SweepGrid.Contracts.Search;

/// <summary>What a <see cref="StoppingBook"/> knows about one trial.</summary>
internal sealed class TrialTrack
{
    public List<double> Values { get; } = [];

    /// <summary>Set when the trial ended on its own, with the number of epochs it recorded.</summary>
    public int? EndedWith { get; set; }

    /// <summary>How many leading decision epochs were decided Continue.</summary>
    public int ContinuedThrough { get; set; }

    /// <summary>The decision epoch index at which the trial was stopped, if it was.</summary>
    public int? StoppedAt { get; set; }
}
