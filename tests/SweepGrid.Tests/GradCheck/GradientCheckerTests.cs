using SweepGrid.Trainer.GradCheck;
using SweepGrid.Trainer.Model;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.GradCheck;

public sealed class GradientCheckerTests
{
    private const int Points = 50;
    private const long Seed = 11;

    public static TheoryData<ActivationKind> EveryActivation => [.. Enum.GetValues<ActivationKind>()];

    public static TheoryData<LossKind> EveryLoss => [.. Enum.GetValues<LossKind>()];

    public static TheoryData<LossKind, ActivationKind> EveryComposition
    {
        get
        {
            var data = new TheoryData<LossKind, ActivationKind>();
            foreach (var loss in Enum.GetValues<LossKind>())
            {
                foreach (var activation in Enum.GetValues<ActivationKind>())
                {
                    data.Add(loss, activation);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void Analytic_derivative_matches_autograd_for_every_activation(ActivationKind kind)
    {
        var r = GradientChecker.CheckActivation(kind, Points, Seed);

        Assert.Equal(Points, r.Points);
        Assert.True(r.MaxRelError <= 1e-8, $"{r.Name}: max relative error {r.MaxRelError:e2}");
        Assert.True(r.Passed);
    }

    [Theory]
    [MemberData(nameof(EveryLoss))]
    public void Analytic_gradient_matches_autograd_for_every_loss(LossKind kind)
    {
        var r = GradientChecker.CheckLoss(kind, Points, Seed);

        Assert.True(r.MaxRelError <= 1e-8, $"{r.Name}: max relative error {r.MaxRelError:e2}");
        Assert.True(r.Passed);
    }

    [Theory]
    [MemberData(nameof(EveryComposition))]
    public void Hand_chain_rule_through_a_linear_layer_matches_autograd_for_every_loss_and_activation(LossKind loss, ActivationKind activation)
    {
        var r = GradientChecker.CheckComposition(loss, activation, Points, Seed);

        Assert.True(r.MaxRelError <= 1e-8, $"{r.Name}: max relative error {r.MaxRelError:e2}");
        Assert.True(r.Passed);
    }

    [Fact]
    public void Activation_derivative_off_by_one_part_in_a_million_is_caught()
    {
        var r = GradientChecker.CheckActivation(ActivationKind.Sigmoid, Points, Seed,
            x => Activations.Derivative(ActivationKind.Sigmoid, x) * (1 + 1e-6));

        Assert.False(r.Passed);
        // Every entry is off by the factor 1 + 1e-6, i.e. a relative error of 1e-6 / (1 + 1e-6).
        Assert.Equal(1e-6 / (1 + 1e-6), r.MaxRelError, 1e-12);
    }

    [Fact]
    public void Loss_gradient_missing_the_batch_mean_is_caught()
    {
        var r = GradientChecker.CheckLoss(LossKind.CrossEntropy, Points, Seed, (z, y) => z.softmax(1) - nn.functional.one_hot(y, z.shape[1]).to_type(z.dtype));

        Assert.False(r.Passed);
    }

    [Fact]
    public void Wrong_derivative_inside_the_chain_rule_is_caught()
    {
        // 1 − tanh instead of 1 − tanh²: plausible-looking, wrong everywhere but at 0.
        var wrongDerivative = GradientChecker.CheckComposition(LossKind.L2, ActivationKind.Tanh, Points, Seed, derivative: x => 1 - x.tanh());
        // Half the L2 gradient (the ½‖r‖² convention by mistake): every entry off by exactly a factor 2.
        var wrongGradient = GradientChecker.CheckComposition(LossKind.L2, ActivationKind.Sigmoid, Points, Seed,
            gradient: (z, y) => Losses.Gradient(LossKind.L2, z, y) / 2);

        Assert.False(wrongDerivative.Passed);
        Assert.False(wrongGradient.Passed);
        Assert.Equal(0.5, wrongGradient.MaxRelError, 1e-12);
    }

    [Fact]
    public void A_nan_gradient_fails_rather_than_passing_unnoticed()
    {
        var r = GradientChecker.CheckActivation(ActivationKind.Tanh, 3, Seed, x => full_like(x, double.NaN));

        Assert.True(double.IsNaN(r.MaxRelError));
        Assert.False(r.Passed);
    }

    [Fact]
    public void Run_all_gives_one_row_per_activation_loss_and_composition_from_the_same_points_per_seed()
    {
        var first = GradientChecker.RunAll(points: 5, seed: 3);
        var second = GradientChecker.RunAll(points: 5, seed: 3);

        Assert.Equal(3 + 6 + (6 * 3), first.Count);
        // Same points for the same seed. The errors themselves are rounding noise and may differ in the last
        // bits between runs (libtorch's threaded reductions), so they are not compared.
        Assert.Equal(first.Select(r => (r.Name, r.Points, r.Resampled)), second.Select(r => (r.Name, r.Points, r.Resampled)));
        Assert.Equal("activation relu", first[0].Name);
        Assert.Equal("loss cross_entropy", first[3].Name);
        Assert.Equal("cross_entropy(relu(Wx+b))", first[9].Name);
        Assert.Equal("cosine(sigmoid(Wx+b))", first[^1].Name);
        Assert.All(first, r => Assert.True(r.Passed, r.Name));
    }
}
