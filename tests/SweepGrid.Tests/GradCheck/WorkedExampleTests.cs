using SweepGrid.Trainer.GradCheck;
using Xunit;

namespace SweepGrid.Tests.GradCheck;

public sealed class WorkedExampleTests
{
    [Fact]
    public void Hand_chain_rule_and_autograd_agree_on_every_partial_derivative()
    {
        var r = WorkedExample.Run();

        Assert.Equal(["v1", "v2", "w11", "w21", "w31", "w12", "w22", "w32"], r.Gradients.Select(g => g.Parameter));
        Assert.All(r.Gradients, g => Assert.True(Math.Abs(g.Hand - g.Autograd) <= 1e-10, $"{g.Parameter}: {g.Hand} vs {g.Autograd}"));
        Assert.True(Math.Abs(r.DLossDf - r.DLossDfAutograd) <= 1e-10);
        Assert.True(r.MaxDifference <= 1e-10);
    }

    [Fact]
    public void Sgd_step_moves_each_weight_by_minus_learning_rate_times_its_gradient()
    {
        var r = WorkedExample.Run(learningRate: 0.1);

        // Equal up to the final rounding: libtorch may fuse the multiply-add (one rounding, not two), which
        // can land one ulp away from the two-step C# expression.
        Assert.All(r.Gradients, g =>
        {
            var expected = g.Value - (0.1 * g.Autograd);
            Assert.InRange(g.Updated, Math.BitDecrement(expected), Math.BitIncrement(expected));
        });
        Assert.True(r.LossAfterStep < r.Loss);
    }

    [Fact]
    public void Forward_pass_uses_the_stated_weights_and_no_biases()
    {
        var r = WorkedExample.Run();

        Assert.Equal(0.10, r.W31);
        // h1 = −1.67·0.39 + 0.98·0.47 − 0.71·0.10, h2 = −1.67·(−0.15) + 0.98·0.49 − 0.71·0.19.
        Assert.Equal(-0.2617, r.Hidden[0], 1e-12);
        Assert.Equal(0.5958, r.Hidden[1], 1e-12);
        Assert.Equal(1 / (1 + Math.Exp(0.2617)), r.Sigmoids[0], 1e-12);
        Assert.Equal((-0.01 * r.Sigmoids[0]) + (0.33 * r.Sigmoids[1]), r.Output, 1e-15);
        Assert.Equal(2 * (r.Output + 0.49), r.DLossDf, 1e-15);
        Assert.Equal(1.3968, r.DLossDf, 1e-4);
    }

    [Fact]
    public void No_choice_of_w31_brings_dl_df_to_the_sources_1_point_2()
    {
        var (low, high) = WorkedExample.DLossDfRangeOverW31();

        Assert.Equal(1.3855, low, 1e-4);
        Assert.Equal(1.4055, high, 1e-4);
        foreach (var w31 in new[] { -100.0, -1.0, 0.0, 0.1, 1.0, 100.0 })
        {
            Assert.InRange(WorkedExample.Run(w31).DLossDf, low, high);
        }
    }
}
