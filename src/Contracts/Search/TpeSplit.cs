namespace SweepGrid.Contracts.Search;

/// <summary>
/// Optuna's <c>_split_trials</c> for one objective: the best gamma(n) observations form the "below" group. Complete trials
/// rank by value; stopped trials rank after every complete one, a later stop before an earlier one, then by value. NaN ranks
/// last. Both groups keep trial order, which the weights' ramp depends on.
/// </summary>
internal static class TpeSplit
{
    public static (List<int> Below, List<int> Above) Split(IReadOnlyList<SearchObservation> observations, int below)
    {
        var complete = new List<int>();
        var stopped = new List<int>();
        for (var i = 0; i < observations.Count; i++)
        {
            (observations[i].Complete ? complete : stopped).Add(i);
        }
        // OrderBy is stable: ties keep trial order.
        var rankedComplete = complete.OrderBy(i => Key(observations[i].Value)).ToList();
        var rankedStopped = stopped.OrderBy(i => -(long)observations[i].Step).ThenBy(i => Key(observations[i].Value)).ToList();
        var takeComplete = Math.Min(below, rankedComplete.Count);
        var takeStopped = Math.Min(Math.Max(0, below - takeComplete), rankedStopped.Count);
        var chosen = new HashSet<int>(rankedComplete.Take(takeComplete).Concat(rankedStopped.Take(takeStopped)));
        var b = new List<int>();
        var a = new List<int>();
        for (var i = 0; i < observations.Count; i++)
        {
            (chosen.Contains(i) ? b : a).Add(i);
        }
        return (b, a);
    }

    private static double Key(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
