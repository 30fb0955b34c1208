using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Grains;

/// <summary>
/// A sweep's trials counted by state, and the best test accuracy of any of them, kept by applying each change (old
/// summary out, new summary in) rather than by going over every trial: what the sweep's metrics and its "finished?"
/// check read after every trial update.
/// </summary>
internal sealed class TrialTally
{
    private static readonly TrialState[] States = Enum.GetValues<TrialState>();
    private readonly int[] _counts = new int[States.Length];

    /// <summary>Trials the sweep has heard from (the others count as pending).</summary>
    public int Known { get; private set; }

    /// <summary>Known trials in a terminal state.</summary>
    public int Finished { get; private set; }

    public double? BestTestAccuracy { get; private set; }

    /// <summary>Replaces <paramref name="old"/> (null: a trial not known before) with <paramref name="now"/>.</summary>
    public void Replace(TrialSummary? old, TrialSummary now)
    {
        if (old is null)
        {
            Known++;
        }
        else
        {
            Count(old.State, -1);
        }
        Count(now.State, +1);
        if (now.BestTestAccuracy is { } best && !(best <= BestTestAccuracy))
        {
            BestTestAccuracy = best;
        }
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Known = 0;
        Finished = 0;
        BestTestAccuracy = null;
    }

    /// <summary>Known trials in <paramref name="state"/>.</summary>
    public int Count(TrialState state) => _counts[(int)state];

    /// <summary>Every state with its count, trials not heard from among the pending ones.</summary>
    public ImmutableArray<(string State, int Count)> Counts(int totalTrials) =>
    [
        .. States.Select(s => (s.Name(), _counts[(int)s] + (s == TrialState.Pending ? Math.Max(0, totalTrials - Known) : 0))),
    ];

    private void Count(TrialState state, int delta)
    {
        _counts[(int)state] += delta;
        if (state.IsTerminal())
        {
            Finished += delta;
        }
    }
}
