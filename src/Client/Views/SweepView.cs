using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>
/// A watcher's copy of a sweep, kept up to date from its update stream: a summary per trial in grid order, and the
/// totals a progress display needs, adjusted by each change rather than recounted over every trial.
/// </summary>
public sealed class SweepView(string sweepId)
{
    private static readonly int StateCount = Enum.GetValues<TrialState>().Length;
    private readonly List<string> _order = [];
    private readonly Dictionary<string, TrialSummary> _trials = new(StringComparer.Ordinal);
    private readonly int[] _byState = new int[StateCount];

    public string SweepId { get; } = sweepId;
    public SweepSpec? Spec { get; private set; }
    public SweepState State { get; private set; }
    public int TrialCount { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Where the view stands in the stream (to continue it after a break).</summary>
    public SweepVersion Version { get; private set; } = SweepVersion.None;

    /// <summary>Epochs recorded by all trials, finished trials counted as complete (the overall bar's value).</summary>
    public long EpochsDone { get; private set; }

    /// <summary>The trials the latest update changed.</summary>
    public ImmutableArray<TrialSummary> LastChanged { get; private set; } = [];

    public TrialSummary? this[string trialId] => _trials.GetValueOrDefault(trialId);

    /// <summary>Every trial heard of, in no particular order.</summary>
    public IEnumerable<TrialSummary> Trials => _trials.Values;

    /// <summary>Known trials in <paramref name="state"/>.</summary>
    public int Count(TrialState state) => _byState[(int)state];

    public void Apply(SweepUpdate update)
    {
        if (update.Reset)
        {
            _order.Clear();
            _trials.Clear();
            Array.Clear(_byState);
            EpochsDone = 0;
        }
        Spec = update.Spec ?? Spec;
        foreach (var t in update.Changed)
        {
            if (_trials.TryGetValue(t.TrialId, out var old))
            {
                _byState[(int)old.State]--;
                EpochsDone -= Done(old);
            }
            else
            {
                _order.Add(t.TrialId);
            }
            _trials[t.TrialId] = t;
            _byState[(int)t.State]++;
            EpochsDone += Done(t);
        }
        LastChanged = update.Changed;
        State = update.State;
        TrialCount = update.TrialCount;
        SubmittedAt = update.SubmittedAt;
        FinishedAt = update.FinishedAt;
        Version = update.Version;
    }

    /// <summary>The view as a summary (trials in grid order), e.g. to read every trial's epochs from.</summary>
    public SweepSummary ToSummary() => new()
    {
        SweepId = SweepId,
        Spec = Spec ?? throw new InvalidOperationException($"no update of sweep '{SweepId}' has been received yet"),
        State = State,
        Trials = [.. _order.Select(id => _trials[id])],
        SubmittedAt = SubmittedAt,
        FinishedAt = FinishedAt,
    };

    private long Done(TrialSummary t) => t.State.IsTerminal() ? Spec?.Epochs ?? t.Epochs : t.Epochs;
}
