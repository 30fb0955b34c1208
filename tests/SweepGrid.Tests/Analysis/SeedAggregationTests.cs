using SweepGrid.Contracts.Spec;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Sweeps;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

public sealed class SeedAggregationTests
{
    // Values are exact in binary, so means and sample stds compare exactly.
    private static TrialInfo Seed(long seed, params double[] testAccuracy) =>
        Trial(5e-4, seed, testAccuracy.Select((a, i) => Epoch(i + 1, seed, 0.5, 1.0, a)));

    [Fact]
    public void Seeds_of_one_configuration_average_to_mean_and_sample_std_per_epoch()
    {
        var curves = SeedAggregation.Aggregate([Seed(1, 0.25, 0.5), Seed(2, 0.75, 1.0), Seed(3, 0.5, 0.75)]);

        var curve = Assert.Single(curves);
        Assert.Equal(new Configuration(5e-4, HiddenActivation.Relu, LossFunction.CrossEntropy), curve.Configuration);
        Assert.Equal("5e-4", curve.Label);
        Assert.Equal(3, curve.SeedCount);
        Assert.Equal([1L, 2L, 3L], curve.Seeds.ToArray());
        Assert.Equal([1, 2], curve.Epochs.Select(e => e.Epoch));
        Assert.Equal(new MeanStd(0.5, 0.25), curve.Epochs[0].TestAccuracy);
        Assert.Equal(new MeanStd(0.75, 0.25), curve.Epochs[1].TestAccuracy);
        // Train loss is the seed number: 1, 2, 3 → mean 2, sample std 1.
        Assert.Equal(new MeanStd(2, 1), curve.Epochs[1].TrainLoss);
        Assert.Equal(new MeanStd(0.5, 0), curve.Epochs[0].TrainAccuracy);
    }

    [Fact]
    public void Only_epochs_every_seed_recorded_are_averaged()
    {
        var curve = Assert.Single(SeedAggregation.Aggregate([Seed(1, 0.25, 0.5, 0.5), Seed(2, 0.75, 1.0)]));

        Assert.Equal([1, 2], curve.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void A_single_seed_has_zero_std()
    {
        var curve = Assert.Single(SeedAggregation.Aggregate([Seed(7, 0.25, 0.5)]));

        Assert.Equal(1, curve.SeedCount);
        Assert.Equal(new MeanStd(0.5, 0), curve.Epochs[1].TestAccuracy);
    }

    [Fact]
    public void Configurations_differing_in_activation_are_separate_and_labelled_with_it()
    {
        var relu = Trial(5e-4, 1, [Epoch(1, 1, 0.5, 1, 0.5)]);
        var tanh = Trial(5e-4, 1, [Epoch(1, 1, 0.5, 1, 0.25)], activation: "tanh");
        var other = Trial(5e-6, 1, [Epoch(1, 1, 0.5, 1, 0.75)]);

        var curves = SeedAggregation.Aggregate([tanh, other, relu]);

        Assert.Equal(["5e-6 relu", "5e-4 relu", "5e-4 tanh"], curves.Select(c => c.Label));
        Assert.All(curves, c => Assert.Equal(1, c.SeedCount));
    }

    [Fact]
    public void Sample_std_divides_by_n_minus_one()
    {
        Assert.Equal(new MeanStd(2, 1), MeanStd.Of([1, 2, 3]));
        Assert.Equal(new MeanStd(4, 0), MeanStd.Of([4]));
    }
}
