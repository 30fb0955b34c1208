using SweepGrid.Trainer.GradCheck;
using SweepGrid.Trainer.Model;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.GradCheck;

/// <summary>The documented non-differentiable points, and the subgradient conventions at them.</summary>
public sealed class KinkTests
{
    private static Tensor T(double[,] values) =>
        tensor(values.Cast<double>().ToArray(), [values.GetLength(0), values.GetLength(1)], ScalarType.Float64);

    private static Tensor Labels(params long[] labels) => tensor(labels, [labels.Length]);

    [Fact]
    public void Relu_inputs_within_the_margin_of_zero_are_kinks_and_others_are_not()
    {
        Assert.True(Kinks.NearActivationKink(ActivationKind.Relu, T(new[,] { { 0.5, 5e-7 } })));
        Assert.False(Kinks.NearActivationKink(ActivationKind.Relu, T(new[,] { { 0.5, -2e-6 } })));
        Assert.False(Kinks.NearActivationKink(ActivationKind.Tanh, T(new[,] { { 0.0 } })));
        Assert.False(Kinks.NearActivationKink(ActivationKind.Sigmoid, T(new[,] { { 0.0 } })));
    }

    [Fact]
    public void Loss_kinks_are_l1_at_zero_residual_hinge_at_zero_margin_and_cosine_near_zero_output()
    {
        var live = ones(1, 3, dtype: ScalarType.Bool);
        var y = Labels(0);

        Assert.True(Kinks.NearLossKink(LossKind.L1, T(new[,] { { 1.0, 0.3, -0.2 } }), y, live));
        Assert.True(Kinks.NearLossKink(LossKind.Hinge, T(new[,] { { 0.7, -0.3, -2.0 } }), y, live));
        Assert.True(Kinks.NearLossKink(LossKind.Cosine, T(new[,] { { 1e-4, 0.0, 0.0 } }), y, live));
        Assert.False(Kinks.NearLossKink(LossKind.Huber, T(new[,] { { 2.0, 1.0, -1.0 } }), y, live));
        Assert.False(Kinks.NearLossKink(LossKind.CrossEntropy, T(new[,] { { 0.0, 0.0, 0.0 } }), y, live));
        Assert.False(Kinks.NearLossKink(LossKind.L2, T(new[,] { { 1.0, 0.0, 0.0 } }), y, live));
    }

    [Fact]
    public void L1_residual_of_zero_at_a_dead_relu_unit_is_not_a_kink_of_the_composition()
    {
        var a = T(new[,] { { 0.4, -1.0, -0.5 } });
        var z = Activations.Apply(ActivationKind.Relu, a);

        Assert.False(Kinks.NearLossKink(LossKind.L1, z, Labels(0), Kinks.Live(ActivationKind.Relu, a)));
        Assert.True(Kinks.NearLossKink(LossKind.L1, z, Labels(0), ones(1, 3, dtype: ScalarType.Bool)));
    }

    [Fact]
    public void At_the_kinks_themselves_the_closed_forms_take_the_same_subgradient_zero_as_autograd()
    {
        // ReLU at 0.
        var x = zeros(3, dtype: ScalarType.Float64).requires_grad_(true);
        var reluAuto = autograd.grad([Activations.Apply(ActivationKind.Relu, x).sum()], [x])[0];
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, reluAuto.data<double>().ToArray());
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, Activations.Derivative(ActivationKind.Relu, x.detach()).data<double>().ToArray());

        // L1 with z = t exactly, and hinge with margin 1 − z_y + z_j = 0 for j = 1.
        foreach (var (kind, values) in new[] { (LossKind.L1, new[,] { { 1.0, 0.0 } }), (LossKind.Hinge, new[,] { { 1.0, 0.0 } }) })
        {
            var z = T(values).requires_grad_(true);
            var auto = autograd.grad([Losses.Compute(kind, z, Labels(0))], [z])[0];
            var hand = Losses.Gradient(kind, z.detach(), Labels(0));
            Assert.Equal(auto.data<double>().ToArray(), hand.data<double>().ToArray());
        }
    }
}
