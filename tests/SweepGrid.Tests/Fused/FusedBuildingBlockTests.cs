using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Model;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.Fused;

public sealed class FusedBuildingBlockTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Every_member_starts_bit_identical_to_the_unfused_network_with_the_same_seed(ScalarType dtype)
    {
        using var mlp = new Mlp(784, [64, 32], 10, ActivationKind.Tanh, seed: 11, dtype, CPU);
        using var fused = new FusedMlp(3, 784, [64, 32], 10, ActivationKind.Tanh, seed: 11, dtype, CPU);

        for (var k = 0; k < 3; k++)
        {
            for (var layer = 0; layer < 3; layer++)
            {
                using var w = fused.Weights[layer][k].t().contiguous().to_type(ScalarType.Float64);
                using var expectedW = mlp.Layers[layer].weight!.detach().to_type(ScalarType.Float64);
                Assert.Equal(expectedW.data<double>().ToArray(), w.data<double>().ToArray());
                using var b = fused.Biases[layer][k].reshape(-1).to_type(ScalarType.Float64);
                using var expectedB = mlp.Layers[layer].bias!.detach().to_type(ScalarType.Float64);
                Assert.Equal(expectedB.data<double>().ToArray(), b.data<double>().ToArray());
            }
        }
    }

    [Fact]
    public void The_fused_forward_gives_each_member_the_unfused_logits()
    {
        using var scope = NewDisposeScope();
        var mlp = new Mlp(20, [16], 5, ActivationKind.Sigmoid, seed: 3, ScalarType.Float64, CPU);
        var fused = new FusedMlp(2, 20, [16], 5, ActivationKind.Sigmoid, seed: 3, ScalarType.Float64, CPU);
        var x = linspace(-2, 2, 7 * 20, dtype: ScalarType.Float64).view(7, 20);

        var expected = mlp.forward(x).detach().data<double>().ToArray();
        var logits = fused.Forward(x).detach();

        Assert.Equal([2L, 7L, 5L], logits.shape);
        for (var k = 0; k < 2; k++)
        {
            var actual = logits[k].contiguous().data<double>().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                FusedFixtures.AssertClose(expected[i], actual[i], $"member {k} logit {i}");
            }
        }
    }

    [Theory]
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.L1)]
    [InlineData(LossKind.Huber)]
    [InlineData(LossKind.L2)]
    [InlineData(LossKind.Cosine)]
    public void Each_member_loss_is_the_unfused_batch_mean_loss_of_its_outputs(LossKind kind)
    {
        using var scope = NewDisposeScope();
        var z = (linspace(-3, 3, 3 * 9 * 4, dtype: ScalarType.Float64).view(3, 9, 4) * arange(1, 3 * 9 * 4 + 1, dtype: ScalarType.Float64).view(3, 9, 4).sin()).contiguous();
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3, 1 });

        var perMember = Losses.Compute(kind, z, labels, huberDelta: 0.7).data<double>().ToArray();

        Assert.Equal(3, perMember.Length);
        for (var k = 0; k < 3; k++)
        {
            var expected = Losses.Compute(kind, z[k], labels, huberDelta: 0.7).item<double>();
            FusedFixtures.AssertClose(expected, perMember[k], $"{kind} member {k}");
        }
    }
}
