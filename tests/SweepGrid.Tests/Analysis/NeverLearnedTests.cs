using SweepGrid.Client.Analysis;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

public sealed class NeverLearnedTests
{
    [Fact]
    public void Strong_decay_near_chance_with_flat_loss_is_flagged_with_both_reasons()
    {
        var flag = NeverLearned.Check(StrongDecay());

        Assert.NotNull(flag);
        Assert.True(flag.NearChance);
        Assert.True(flag.FlatTrainLoss);
        Assert.Equal("final test accuracy 0.1180 is within 0.05 of chance (0.1000); " +
            "train loss flat: 2.3049 at epoch 1 to 2.3010 at epoch 40 (-0.2%, under 5%)", flag.Reason);
    }

    [Fact]
    public void Configurations_that_learned_are_not_flagged()
    {
        Assert.Null(NeverLearned.Check(MediumDecay()));
        Assert.Null(NeverLearned.Check(WeakDecay()));
    }

    [Fact]
    public void Accuracy_at_the_chance_bound_is_flagged_and_just_above_is_not()
    {
        static Contracts.Sweeps.TrialInfo Final(double accuracy) =>
            Trial(5e-4, 1, [Epoch(1, 2.0, 0.3, 2.0, 0.3), Epoch(2, 1.0, accuracy, 1.0, accuracy)]);

        Assert.Equal("final test accuracy 0.1500 is within 0.05 of chance (0.1000)", NeverLearned.Check(Final(0.15))?.Reason);
        Assert.Null(NeverLearned.Check(Final(0.151)));
    }

    [Fact]
    public void A_flat_train_loss_alone_is_flagged()
    {
        var trial = Trial(5e-4, 1, [Epoch(1, 1.00, 0.5, 1.0, 0.6), Epoch(2, 0.96, 0.5, 1.0, 0.6)]);

        var flag = NeverLearned.Check(trial);

        Assert.NotNull(flag);
        Assert.False(flag.NearChance);
        Assert.Equal("train loss flat: 1.0000 at epoch 1 to 0.9600 at epoch 2 (-4.0%, under 5%)", flag.Reason);
    }

    [Fact]
    public void Reference_sweep_flags_only_the_strong_decay()
    {
        Assert.Equal(["5e-2"], SweepAnalysis.Of(Reference()).NeverLearnedFlags.Select(f => f.Label));
    }
}
