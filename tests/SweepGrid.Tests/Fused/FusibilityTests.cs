using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace SweepGrid.Tests.Fused;

public sealed class FusibilityTests
{
    [Fact]
    public void Trials_that_differ_only_in_optimizer_settings_are_fusible()
    {
        var a = FusedFixtures.Base();
        var b = a with { LearningRate = 0.3, Momentum = 0.5, Nesterov = true, WeightDecay = 1e-2 };

        Assert.True(FusedTrainer.AreFusible(a, b));
    }

    [Theory]
    [InlineData(nameof(TrialConfig.Hidden))]
    [InlineData(nameof(TrialConfig.Activation))]
    [InlineData(nameof(TrialConfig.Loss))]
    [InlineData(nameof(TrialConfig.HuberDelta))]
    [InlineData(nameof(TrialConfig.Seed))]
    [InlineData(nameof(TrialConfig.Epochs))]
    [InlineData(nameof(TrialConfig.BatchSize))]
    [InlineData(nameof(TrialConfig.DType))]
    [InlineData(nameof(TrialConfig.Device))]
    public void Trials_that_differ_in_a_shared_setting_are_not_fusible_and_the_group_names_it(string setting)
    {
        var a = FusedFixtures.Base();
        var b = setting switch
        {
            nameof(TrialConfig.Hidden) => a with { Hidden = [33] },
            nameof(TrialConfig.Activation) => a with { Activation = ActivationKind.Tanh },
            nameof(TrialConfig.Loss) => a with { Loss = LossKind.Hinge },
            nameof(TrialConfig.HuberDelta) => a with { HuberDelta = 2 },
            nameof(TrialConfig.Seed) => a with { Seed = 8 },
            nameof(TrialConfig.Epochs) => a with { Epochs = 4 },
            nameof(TrialConfig.BatchSize) => a with { BatchSize = 64 },
            nameof(TrialConfig.DType) => a with { DType = ScalarType.Float32 },
            nameof(TrialConfig.Device) => a with { Device = DeviceChoice.Auto },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };
        using var data = FusedFixtures.Float64Data();

        Assert.False(FusedTrainer.AreFusible(a, b));
        var e = Assert.Throws<ArgumentException>(() => new FusedTrainer([a, b], data));
        Assert.Equal($"members[1] cannot be fused with members[0]: {setting} differs (Parameter 'members')", e.Message);
    }

    [Fact]
    public void A_group_in_another_dtype_than_its_data_is_refused()
    {
        using var data = FusedFixtures.Float64Data();
        var member = FusedFixtures.Base() with { DType = ScalarType.Float32 };

        var e = Assert.Throws<ArgumentException>(() => new FusedTrainer([member], data));

        Assert.Equal("trial dtype Float32 differs from the data's Float64 (Parameter 'members')", e.Message);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused_as_by_the_unfused_optimizer()
    {
        using var data = FusedFixtures.Float64Data();
        var a = FusedFixtures.Base();

        var e = Assert.Throws<ArgumentException>(() => new FusedTrainer([a, a with { Momentum = 0, Nesterov = true }], data));

        Assert.Equal("nesterov requires momentum > 0 (Parameter 'members[1]')", e.Message);
    }
}
