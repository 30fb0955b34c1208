using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

public sealed class AshaRuleTests
{
    [Theory]
    [InlineData(1, 3, 27, new[] { 1, 3, 9 })]
    [InlineData(1, 3, 28, new[] { 1, 3, 9, 27 })]
    [InlineData(2, 2, 20, new[] { 2, 4, 8, 16 })]
    [InlineData(5, 4, 40, new[] { 5, 20 })]
    [InlineData(3, 3, 4, new[] { 3 })]
    [InlineData(4, 3, 4, new int[0])]
    [InlineData(10, 3, 4, new int[0])]
    public void Rungs_sit_at_grace_times_powers_of_eta_below_the_final_epoch(int grace, int eta, int maxEpochs, int[] rungs)
    {
        Assert.Equal(rungs, new AshaRule(grace, eta, minimize: true).DecisionEpochs(maxEpochs));
    }

    [Fact]
    public void Rung_numbers_follow_the_epochs()
    {
        var rule = new AshaRule(2, 3, minimize: true);

        Assert.Equal([0, 1, 2, -1, -1], new[] { 2, 6, 18, 5, 1 }.Select(rule.RungOf));
    }

    [Fact]
    public void Grace_below_one_and_eta_below_two_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaRule(0, 3, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AshaRule(1, 1, true));
    }

    [Theory]
    // Optuna: promotable_idx = len(competing) // eta - 1, then 0 if -1; continue iff value <= sorted(competing)[promotable_idx].
    [InlineData(new double[0], 0.5, StopVerdict.Continue)]               // alone: 1 // 3 - 1 = -1 -> 0, it is the best
    [InlineData(new[] { 0.1 }, 0.2, StopVerdict.Stop)]                   // 2 competing -> idx 0, must be the best
    [InlineData(new[] { 0.1, 0.2, 0.3, 0.4 }, 0.25, StopVerdict.Stop)]   // 5 -> idx 0, cutoff 0.1
    [InlineData(new[] { 0.1, 0.2, 0.3, 0.4 }, 0.1, StopVerdict.Continue)] // ties continue
    [InlineData(new[] { 0.1, 0.3, 0.4, 0.5, 0.6 }, 0.2, StopVerdict.Continue)]  // 6 -> idx 1, cutoff 0.2 (itself)
    [InlineData(new[] { 0.1, 0.3, 0.4, 0.5, 0.6 }, 0.35, StopVerdict.Stop)]     // 6 -> idx 1, cutoff 0.3
    [InlineData(new[] { 0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }, 0.35, StopVerdict.Continue)] // 9 -> idx 2, cutoff 0.35
    public void Promotion_follows_optunas_rule_when_minimizing(double[] competitors, double value, StopVerdict expected)
    {
        var rule = new AshaRule(1, 3, minimize: true);

        var decision = rule.Compare(4, 1, [value], competitors);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(4, decision.TrialIndex);
        Assert.Equal(1, decision.Epoch);
    }

    [Theory]
    // Maximizing: continue iff value >= sorted(competing)[-(promotable_idx + 1)].
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, 0.85, StopVerdict.Continue)] // 6 -> idx 1, cutoff 0.85 (itself)
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, 0.75, StopVerdict.Stop)]     // cutoff 0.8
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, 0.8, StopVerdict.Continue)]  // ties continue
    [InlineData(new[] { 0.3 }, 0.9, StopVerdict.Continue)]
    public void Promotion_follows_optunas_rule_when_maximizing(double[] competitors, double value, StopVerdict expected)
    {
        var rule = new AshaRule(1, 3, minimize: false);
        var scores = competitors.Select(c => -c).Order().ToList();

        Assert.Equal(expected, rule.Compare(0, 1, [value], scores).Verdict);
    }

    [Fact]
    public void The_reason_names_the_rung_the_metric_and_the_cutoff()
    {
        var rule = new AshaRule(1, 3, minimize: true, metric: "test_loss");
        double[] values = [0.9, 0.7, 0.6, 0.5, 0.5, 0.45, 0.44, 0.42, 0.41];

        var decision = rule.Compare(4, 9, values, [0.38, 0.39, 0.5, 0.6]);

        Assert.Equal(new StopDecision(4, 9, StopVerdict.Stop, "rung 2 (epoch 9): test_loss 0.41 not in the top 1/3 of 5 trials (cutoff 0.38)"), decision);
    }

    [Fact]
    public void A_nan_value_is_stopped_as_optuna_prunes_it()
    {
        var decision = new AshaRule(1, 3, minimize: true, metric: "loss").Compare(0, 1, [double.NaN], []);

        Assert.Equal(StopVerdict.Stop, decision.Verdict);
        Assert.Equal("rung 0 (epoch 1): loss is NaN", decision.Reason);
    }

    [Fact]
    public void Agrees_with_optunas_rule_on_random_cases()
    {
        var rng = new Random(1234);
        foreach (var eta in new[] { 2, 3, 4 })
        {
            foreach (var minimize in new[] { true, false })
            {
                var rule = new AshaRule(1, eta, minimize);
                for (var c = 0; c < 500; c++)
                {
                    var competitors = Enumerable.Range(0, rng.Next(0, 30)).Select(_ => Math.Round(rng.NextDouble(), 1)).ToList();
                    var value = Math.Round(rng.NextDouble(), 1);
                    var scores = competitors.Select(v => minimize ? v : -v).Order().ToList();

                    var keep = rule.Compare(0, 1, [value], scores).Verdict == StopVerdict.Continue;

                    Assert.Equal(OptunaPromotable(value, competitors, eta, minimize), keep);
                }
            }
        }
    }

    /// <summary>A line-by-line port of Optuna's <c>_is_trial_promotable_to_next_rung</c>.</summary>
    private static bool OptunaPromotable(double value, List<double> competitors, int eta, bool minimize)
    {
        var competing = competitors.Append(value).Order().ToList();
        var idx = (competing.Count / eta) - 1;
        if (idx == -1)
        {
            idx = 0;
        }
        return minimize ? value <= competing[idx] : value >= competing[^(idx + 1)];
    }
}
