using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

public sealed class MedianRuleTests
{
    [Theory]
    [InlineData(3, 6, new[] { 3, 4, 5 })]
    [InlineData(0, 4, new[] { 1, 2, 3 })]
    [InlineData(1, 2, new[] { 1 })]
    [InlineData(5, 5, new int[0])]
    [InlineData(9, 5, new int[0])]
    public void Decides_at_every_epoch_from_grace_to_before_the_final_one(int grace, int maxEpochs, int[] epochs)
    {
        Assert.Equal(epochs, new MedianRule(grace, minimize: true).DecisionEpochs(maxEpochs));
    }

    [Fact]
    public void Stops_when_the_best_so_far_is_strictly_worse_than_the_median_running_mean()
    {
        var rule = new MedianRule(1, minimize: true, metric: "test_loss");
        // Competitors' running means up to epoch 3: (1.0+0.8+0.6)/3 = 0.8, (0.9+0.6+0.3)/3 = 0.6, (0.5+0.4+0.3)/3 = 0.4.
        double[][] competitors = [[1.0, 0.8, 0.6], [0.9, 0.6, 0.3], [0.5, 0.4, 0.3]];
        var sorted = competitors.Select(c => rule.Contribution(c, 3)).Order().ToList();

        var stop = rule.Compare(7, 3, [0.9, 0.7, 0.65], sorted);
        var tie = rule.Compare(7, 3, [0.9, 0.6, 0.65], sorted);

        Assert.Equal(new StopDecision(7, 3, StopVerdict.Stop, "epoch 3: best test_loss 0.65 worse than the median 0.6 of 3 trials' running means"), stop);
        Assert.Equal(StopVerdict.Continue, tie.Verdict);
        Assert.Equal("epoch 3: best test_loss 0.6 not worse than the median 0.6 of 3 trials' running means", tie.Reason);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        var rule = new MedianRule(1, minimize: true);
        // Running means 0.2, 0.4, 0.6, 0.8: median 0.5.
        List<double> sorted = [0.2, 0.4, 0.6, 0.8];

        Assert.Equal(StopVerdict.Continue, rule.Compare(0, 1, [0.5], sorted).Verdict);
        Assert.Equal(StopVerdict.Stop, rule.Compare(0, 1, [0.5000001], sorted).Verdict);
    }

    [Fact]
    public void Maximizing_compares_the_largest_value_with_the_median()
    {
        var rule = new MedianRule(1, minimize: false, metric: "accuracy");
        double[][] competitors = [[0.5, 0.7], [0.6, 0.8], [0.7, 0.9]];
        var sorted = competitors.Select(c => rule.Contribution(c, 2)).Order().ToList();  // means 0.6, 0.7, 0.8

        var stop = rule.Compare(3, 2, [0.65, 0.2], sorted);
        var keep = rule.Compare(3, 2, [0.2, 0.7], sorted);

        Assert.Equal("epoch 2: best accuracy 0.65 worse than the median 0.7 of 3 trials' running means", stop.Reason);
        Assert.Equal(StopVerdict.Stop, stop.Verdict);
        Assert.Equal(StopVerdict.Continue, keep.Verdict);
    }

    [Fact]
    public void Fewer_competitors_than_min_samples_continue()
    {
        var rule = new MedianRule(1, minimize: true, minSamples: 3);

        var d = rule.Compare(2, 4, [9, 9, 9, 9], [0.1, 0.2]);

        Assert.Equal(new StopDecision(2, 4, StopVerdict.Continue, "epoch 4: 2 trials to compare with, 3 needed"), d);
    }

    [Fact]
    public void Running_means_use_epochs_up_to_the_decision_epoch_only()
    {
        var rule = new MedianRule(1, minimize: true);

        Assert.Equal(0.5, rule.Contribution([1.0, 0.0, 100.0], 2));
        Assert.Equal(0.0, rule.BestScore([1.0, 0.0, -5.0], 2));
    }

    [Theory]
    [InlineData(1, 12, true)]
    [InlineData(4, 12, false)]
    public void Median_decisions_match_the_definition_for_every_interleaving_and_restart(int grace, int maxEpochs, bool minimize)
    {
        var rule = new MedianRule(grace, minimize);
        var curves = CurveFeeds.Curves(40, maxEpochs, seed: 77 + grace);
        var reference = CurveFeeds.Reference(rule, maxEpochs, curves);

        for (var seed = 0; seed < 20; seed++)
        {
            var book = CurveFeeds.Interleaved(rule, maxEpochs, curves, seed, endWhenStopped: seed % 2 == 1);

            Assert.Equal(reference, book.Decisions.ToHashSet());
            Assert.Empty(book.Pending);
        }
        Assert.Contains(reference, d => d.Verdict == StopVerdict.Stop);
    }
}
