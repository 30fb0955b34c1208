using SweepGrid.Contracts.Search;

namespace SweepGrid.Tests.Search;

/// <summary>Learning curves and ways of feeding them to a <see cref="StoppingBook"/>, plus the rule's definition evaluated directly.</summary>
internal static class CurveFeeds
{
    /// <summary>Random decreasing loss curves; some trials end early (diverged/failed), a few hit NaN.</summary>
    public static List<double[]> Curves(int trials, int maxEpochs, int seed)
    {
        var rng = new Random(seed);
        var curves = new List<double[]>();
        for (var i = 0; i < trials; i++)
        {
            var length = rng.NextDouble() < 0.15 ? rng.Next(0, maxEpochs) : maxEpochs;
            var start = 1 + rng.NextDouble();
            var rate = 0.02 + (0.2 * rng.NextDouble());
            var floor = 0.2 * rng.NextDouble();
            var curve = new double[length];
            for (var e = 0; e < length; e++)
            {
                // Rounded so that ties occur.
                curve[e] = Math.Round(floor + ((start - floor) * Math.Exp(-rate * (e + 1))) + (0.02 * rng.NextDouble()), 2);
            }
            if (length > 2 && rng.NextDouble() < 0.05)
            {
                curve[^1] = double.NaN;
            }
            curves.Add(curve);
        }
        return curves;
    }

    /// <summary>
    /// The rule's definition evaluated directly, with every curve known: trial by trial in index order, a trial competes at a
    /// decision epoch when it was told Continue at every earlier one and has a value there.
    /// </summary>
    public static HashSet<StopDecision> Reference(StoppingRule rule, int maxEpochs, IReadOnlyList<double[]> curves)
    {
        var epochs = rule.DecisionEpochs(maxEpochs);
        var continued = new int[curves.Count];
        var decisions = new HashSet<StopDecision>();
        for (var i = 0; i < curves.Count; i++)
        {
            for (var k = 0; k < epochs.Count && curves[i].Length >= epochs[k]; k++)
            {
                var e = epochs[k];
                var competitors = Enumerable.Range(0, i)
                    .Where(j => continued[j] >= k && curves[j].Length >= e)
                    .Select(j => rule.Contribution(curves[j], e))
                    .Order()
                    .ToList();
                var d = rule.Compare(i, e, curves[i], competitors);
                decisions.Add(d);
                if (d.Verdict == StopVerdict.Stop)
                {
                    break;
                }
                continued[i] = k + 1;
            }
        }
        return decisions;
    }

    /// <summary>
    /// Feeds the curves in a random interleaving. Trials restart from a random checkpoint now and then (re-recording epochs
    /// they already recorded); with <paramref name="endWhenStopped"/> a stopped trial ends as soon as the book says so.
    /// </summary>
    public static StoppingBook Interleaved(StoppingRule rule, int maxEpochs, IReadOnlyList<double[]> curves, int seed, bool endWhenStopped)
    {
        var rng = new Random(seed);
        var book = new StoppingBook(rule, maxEpochs);
        var next = new int[curves.Count];   // next epoch (0-based) to send
        var sent = new int[curves.Count];   // furthest epoch sent
        var ended = new bool[curves.Count];
        var stopped = new bool[curves.Count];
        var live = Enumerable.Range(0, curves.Count).ToList();
        while (live.Count > 0)
        {
            var slot = rng.Next(live.Count);
            var i = live[slot];
            if (sent[i] > 0 && rng.NextDouble() < 0.05)
            {
                next[i] = rng.Next(sent[i]);
            }
            IReadOnlyList<StopDecision> made;
            if (next[i] < curves[i].Length && !(endWhenStopped && stopped[i]))
            {
                made = book.Record(i, next[i] + 1, curves[i][next[i]]);
                next[i]++;
                sent[i] = Math.Max(sent[i], next[i]);
            }
            else
            {
                made = book.End(i, sent[i]);
                ended[i] = true;
                live.RemoveAt(slot);
            }
            foreach (var d in made.Where(d => d.Verdict == StopVerdict.Stop))
            {
                stopped[d.TrialIndex] = true;
            }
        }
        return book;
    }
}
