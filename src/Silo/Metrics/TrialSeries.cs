using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// Latest values of one trial as its observable gauges report them. Immutable: an update replaces the whole
/// entry, so a scrape never sees a half-written trial. Label sets are built once per entry because a scrape
/// reads every trial and the tags would otherwise be reallocated for each of them on every scrape.
/// </summary>
internal sealed class TrialSeries
{
    public TrialSeries(string sweepId, TrialSummary info, DateTimeOffset? endedAt)
    {
        SweepId = sweepId;
        TrialId = info.TrialId;
        State = info.State;
        EndedAt = endedAt;
        Last = info.Latest;
        Epoch = info.Epochs;
        BestTestAccuracy = info.BestTestAccuracy;
        var decay = DecayLabel.Format(info.Point.WeightDecay);
        Tags = Labels(sweepId, info.TrialId, decay);
        TrainTags = [.. Tags, new(MetricNames.SplitLabel, MetricNames.Train)];
        TestTags = [.. Tags, new(MetricNames.SplitLabel, MetricNames.Test)];
    }

    public string SweepId { get; }
    public string TrialId { get; }
    public TrialState State { get; }

    /// <summary>When this silo saw the trial reach a terminal state; null while it is not finished.</summary>
    public DateTimeOffset? EndedAt { get; }

    /// <summary>The last recorded epoch; null before the first one.</summary>
    public EpochRecord? Last { get; }
    public int Epoch { get; }
    public double? BestTestAccuracy { get; }

    public KeyValuePair<string, object?>[] Tags { get; }
    public KeyValuePair<string, object?>[] TrainTags { get; }
    public KeyValuePair<string, object?>[] TestTags { get; }

    private static KeyValuePair<string, object?>[] Labels(string sweepId, string trialId, string decay) =>
    [
        new(MetricNames.SweepLabel, sweepId),
        new(MetricNames.TrialLabel, trialId),
        new(MetricNames.WeightDecayLabel, decay),
    ];
}
