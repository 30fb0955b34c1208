using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.Fused;

/// <summary>
/// Float64 trials on the committed MNIST subset, small enough to train many times per test. Batch 96 leaves a
/// partial last batch (2,000 = 20·96 + 80), so the fused path is checked on it too.
/// </summary>
internal static class FusedFixtures
{
    /// <summary>Fused results may differ from unfused ones only by rounding (another summation order in batched kernels).</summary>
    public const double Tolerance = 1e-9;

    public static DeviceData Float64Data() => new(TestData.MnistSubset, CPU, ScalarType.Float64);

    public static TrialConfig Base(ActivationKind activation = ActivationKind.Relu, LossKind loss = LossKind.CrossEntropy, int epochs = 3) => new()
    {
        Hidden = [32],
        Activation = activation,
        Loss = loss,
        HuberDelta = 0.5,
        LearningRate = 0.05,
        Momentum = 0.9,
        WeightDecay = 5e-4,
        Seed = 7,
        Epochs = epochs,
        BatchSize = 96,
        Device = DeviceChoice.Cpu,
        DType = ScalarType.Float64,
    };

    /// <summary>Three members that differ in every per-member setting: heavy-ball momentum, Nesterov, and plain SGD without decay.</summary>
    public static TrialConfig[] Members(ActivationKind activation = ActivationKind.Relu, LossKind loss = LossKind.CrossEntropy, int epochs = 3)
    {
        var b = Base(activation, loss, epochs);
        return
        [
            b,
            b with { LearningRate = 0.02, Nesterov = true, WeightDecay = 1e-3 },
            b with { LearningRate = 0.1, Momentum = 0, WeightDecay = 0 },
        ];
    }

    public static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        var relative = Math.Abs(actual - expected) / scale;
        Assert.True(relative <= Tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative difference {relative:E2} > {Tolerance:E0})");
    }

    public static void AssertSameMetrics(EpochMetrics expected, EpochMetrics actual, string who)
    {
        Assert.Equal(expected.Epoch, actual.Epoch);
        var what = $"{who} epoch {expected.Epoch}";
        AssertClose(expected.TrainLoss, actual.TrainLoss, $"{what} train loss");
        AssertClose(expected.TrainAccuracy, actual.TrainAccuracy, $"{what} train accuracy");
        AssertClose(expected.TestLoss, actual.TestLoss, $"{what} test loss");
        AssertClose(expected.TestAccuracy, actual.TestAccuracy, $"{what} test accuracy");
    }

    /// <summary>Same kind, same finished epochs with the same metrics, same weight norm (when finished).</summary>
    public static void AssertSameOutcome(TrialOutcome expected, TrialOutcome actual, string who)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Epochs.Select(e => e.Epoch), actual.Epochs.Select(e => e.Epoch));
        for (var i = 0; i < expected.Epochs.Count; i++)
        {
            AssertSameMetrics(expected.Epochs[i], actual.Epochs[i], who);
        }
        if (expected.Kind == TrialOutcomeKind.Diverged)
        {
            // The message carries the non-finite losses, which need not be the same NaN/inf; the epoch must be.
            Assert.StartsWith($"diverged at epoch {expected.Epochs.Count + 1} (", actual.Message);
        }
        else
        {
            Assert.Equal(expected.Message, actual.Message);
            AssertClose(expected.WeightNorm, actual.WeightNorm, $"{who} weight norm");
        }
    }
}
