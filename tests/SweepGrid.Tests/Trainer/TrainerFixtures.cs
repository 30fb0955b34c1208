using SweepGrid.Trainer.Training;

namespace SweepGrid.Tests.Trainer;

/// <summary>Small, fast trial settings on the committed MNIST subset.</summary>
internal static class TrainerFixtures
{
    public static TrialConfig Config(double weightDecay = 5e-4, int epochs = 3, long seed = 1, double lr = 0.05) => new()
    {
        Hidden = [256, 128],
        LearningRate = lr,
        Momentum = 0.9,
        WeightDecay = weightDecay,
        Seed = seed,
        Epochs = epochs,
        BatchSize = 64,
        Device = DeviceChoice.Cpu,
    };

    public static DeviceData CpuData() => new(TestData.MnistSubset, TorchSharp.torch.CPU);
}
