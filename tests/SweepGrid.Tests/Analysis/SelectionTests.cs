using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Sweeps;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

public sealed class SelectionTests
{
    [Fact]
    public void Default_rule_picks_5e_4_by_lowest_final_test_loss_and_names_the_numbers()
    {
        var result = Selection.Select(Reference());

        Assert.Equal("5e-4", result.Winner?.Label);
        Assert.Equal("lowest test loss at the last epoch", result.Rule);
        Assert.Equal("weight decay 5e-4 has the lowest test loss at the last epoch (0.3325 vs 0.4100 for 5e-6 and 2.3010 for 5e-2)",
            result.Reason);
        Assert.Equal(["5e-4", "5e-6", "5e-2"], result.Scores.Select(s => s.Label));
        Assert.Equal([1, 2, 3], result.Scores.Select(s => s.Rank));
        Assert.Equal([40], result.Winner!.Epochs.ToArray());
        Assert.Empty(result.Excluded);
    }

    [Fact]
    public void Diverged_and_failed_trials_are_excluded_with_a_note()
    {
        var diverged = Trial(5e-6, 1, [Epoch(1, 0.1, 0.9, 0.1, 0.9), Epoch(2, double.NaN, 0.1, double.NaN, 0.1)],
            TrialState.Diverged, message: "loss is NaN at epoch 2");
        var failed = Trial(5e-2, 1, [], TrialState.Failed, message: "CUDA out of memory");

        var result = Selection.Select(Sweep(NewSpec(), MediumDecay(), diverged, failed));

        Assert.Equal("5e-4", result.Winner?.Label);
        Assert.Equal(["5e-4"], result.Scores.Select(s => s.Label));
        Assert.Equal("weight decay 5e-4 is the only configuration that completed (lowest test loss at the last epoch: 0.3325)", result.Reason);
        Assert.Equal(
        [
            "5e-6 seed 1 (t-5e-6-1-relu) diverged: loss is NaN at epoch 2; excluded from selection",
            "5e-2 seed 1 (t-5e-2-1-relu) failed: CUDA out of memory; excluded from selection",
        ], result.Excluded.ToArray());
    }

    [Fact]
    public void No_completed_trial_gives_no_winner_and_says_why()
    {
        var result = Selection.Select(Sweep(NewSpec(),
            Trial(5e-6, 1, [], TrialState.Diverged), Trial(5e-4, 1, [], TrialState.Diverged), Trial(5e-2, 1, [], TrialState.Failed)));

        Assert.Null(result.Winner);
        Assert.Empty(result.Scores);
        Assert.Equal("no trial completed (2 diverged and 1 failed), so there is no winner", result.Reason);
        Assert.Equal(3, result.Excluded.Length);
    }

    [Fact]
    public void Equal_scores_go_to_the_smaller_generalisation_gap()
    {
        var wideGap = Trial(1e-3, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.85)]);
        var narrowGap = Trial(1e-4, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.88)]);

        var result = Selection.Select(Sweep(NewSpec(decays: [1e-4, 1e-3]), wideGap, narrowGap));

        Assert.Equal("1e-4", result.Winner?.Label);
        Assert.Equal("weight decay 1e-4 ties 1e-3 on the lowest test loss at the last epoch (0.4000) " +
            "and has the smaller train-test accuracy gap (0.0200 vs 0.0500 for 1e-3)", result.Reason);
    }

    [Fact]
    public void Scores_within_the_tie_tolerance_tie()
    {
        var wideGap = Trial(1e-3, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.85)]);
        var narrowGap = Trial(1e-4, 1, [Epoch(1, 0.3, 0.90, 0.4 + 5e-10, 0.88)]);

        var result = Selection.Select(Sweep(NewSpec(decays: [1e-4, 1e-3]), wideGap, narrowGap));

        Assert.Equal("1e-4", result.Winner?.Label);
    }

    [Fact]
    public void Scores_further_apart_than_the_tolerance_decide_despite_a_wider_gap()
    {
        var wideGap = Trial(1e-3, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.85)]);
        var narrowGap = Trial(1e-4, 1, [Epoch(1, 0.3, 0.90, 0.4 + 1e-6, 0.88)]);

        var result = Selection.Select(Sweep(NewSpec(decays: [1e-4, 1e-3]), wideGap, narrowGap));

        Assert.Equal("1e-3", result.Winner?.Label);
    }

    [Fact]
    public void Equal_scores_and_gaps_go_to_the_larger_weight_decay()
    {
        var smaller = Trial(1e-4, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.88)]);
        var larger = Trial(1e-3, 1, [Epoch(1, 0.3, 0.90, 0.4, 0.88)]);

        var result = Selection.Select(Sweep(NewSpec(decays: [1e-4, 1e-3]), smaller, larger));

        Assert.Equal("1e-3", result.Winner?.Label);
        Assert.Equal("weight decay 1e-3 ties 1e-4 on the lowest test loss at the last epoch (0.4000) " +
            "and ties 1e-4 on the train-test accuracy gap (0.0200), so the larger weight decay wins", result.Reason);
        Assert.Equal(["1e-3", "1e-4"], result.Scores.Select(s => s.Label));
    }

    // A ends highest, B peaks highest early, C is highest over the last three epochs.
    private static SweepInfo ScopeSweep(string scope) => Sweep(
        NewSpec(metric: "test_accuracy", mode: "max", scope: scope, lastK: 3, decays: [1e-4, 1e-3, 1e-2], epochs: 6),
        TestAccuracyTrial(1e-4, 0.50, 0.60, 0.70, 0.70, 0.70, 0.80),
        TestAccuracyTrial(1e-3, 0.50, 0.90, 0.60, 0.60, 0.60, 0.60),
        TestAccuracyTrial(1e-2, 0.50, 0.60, 0.70, 0.78, 0.78, 0.78));

    [Fact]
    public void Scope_last_scores_the_final_epoch()
    {
        var result = Selection.Select(ScopeSweep("last"));

        Assert.Equal("1e-4", result.Winner?.Label);
        Assert.Equal("weight decay 1e-4 has the highest test accuracy at the last epoch (0.8000 vs 0.7800 for 1e-2 and 0.6000 for 1e-3)",
            result.Reason);
    }

    [Fact]
    public void Scope_best_scores_each_configurations_best_epoch()
    {
        var result = Selection.Select(ScopeSweep("best"));

        Assert.Equal("1e-3", result.Winner?.Label);
        Assert.Equal([2], result.Winner!.Epochs.ToArray());
        Assert.Equal("weight decay 1e-3 has the highest test accuracy at its best epoch " +
            "(0.9000 at epoch 2 vs 0.8000 at epoch 6 for 1e-4 and 0.7800 at epoch 4 for 1e-2)", result.Reason);
    }

    [Fact]
    public void Scope_mean_last_k_scores_the_mean_of_the_last_k_epochs()
    {
        var result = Selection.Select(ScopeSweep("mean_last_k"));

        Assert.Equal("1e-2", result.Winner?.Label);
        Assert.Equal([4, 5, 6], result.Winner!.Epochs.ToArray());
        Assert.Equal("weight decay 1e-2 has the highest test accuracy averaged over the last 3 epochs " +
            "(0.7800 vs 0.7333 for 1e-4 and 0.6000 for 1e-3)", result.Reason);
    }

    [Fact]
    public void Several_seeds_are_scored_on_their_mean_curve()
    {
        var spec = NewSpec(decays: [5e-4, 5e-6], seeds: [1, 2]);
        var result = Selection.Select(Sweep(spec, MediumDecay(1), MediumDecay(2), WeakDecay(1), WeakDecay(2)));

        Assert.Equal("5e-4", result.Winner?.Label);
        Assert.Equal([2, 2], result.Scores.Select(s => s.Seeds));
    }
}
