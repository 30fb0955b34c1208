using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

/// <summary>The good/rest split against Optuna's <c>_split_trials</c> on hand-worked cases.</summary>
public sealed class TpeSplitTests
{
    private static SearchObservation Done(double value) => new([0.0], value, 10, Complete: true);

    private static SearchObservation Stopped(int step, double value) => new([0.0], value, step, Complete: false);

    [Fact]
    public void Complete_trials_fill_the_good_group_by_value_before_any_stopped_one()
    {
        // Optuna: below_complete = 2 best complete (indices 3, 1); n_below left 0 so no pruned trial joins.
        SearchObservation[] obs = [Done(0.9), Done(0.3), Stopped(9, 0.01), Done(0.2), Stopped(3, 0.0)];

        var (below, above) = TpeSplit.Split(obs, 2);

        Assert.Equal([1, 3], below);
        Assert.Equal([0, 2, 4], above);
    }

    [Fact]
    public void Stopped_trials_rank_by_later_step_first_then_value()
    {
        // Optuna's _get_pruned_trial_score is (-step, value): step 9 before step 3 whatever the values.
        SearchObservation[] obs = [Done(0.5), Stopped(3, 0.01), Stopped(9, 0.8), Stopped(9, 0.4), Stopped(5, 0.1)];

        var (below, _) = TpeSplit.Split(obs, 3);

        Assert.Equal([0, 2, 3], below);
    }

    [Fact]
    public void Nan_values_rank_last_and_ties_keep_trial_order()
    {
        SearchObservation[] obs = [Done(double.NaN), Done(0.4), Done(0.4), Done(0.1)];

        var (below, above) = TpeSplit.Split(obs, 2);

        Assert.Equal([1, 3], below);
        Assert.Equal([0, 2], above);
    }
}
