using SweepGrid.Trainer.Model;
using TorchSharp;

namespace SweepGrid.Trainer.Training;

/// <summary>Which device a trial trains on.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when libtorch reports it available, else CPU.</summary>
    Auto,
    Cpu,
    Cuda,
}

/// <summary>Everything that determines one trial's training run (the trainer has no other inputs but data).</summary>
public sealed record TrialConfig
{
    public required IReadOnlyList<int> Hidden { get; init; }
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
    public double HuberDelta { get; init; } = 1.0;
    public required double LearningRate { get; init; }
    public double Momentum { get; init; }
    public bool Nesterov { get; init; }
    public double WeightDecay { get; init; }
    public long Seed { get; init; } = 1;
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>float32 for training; float64 for exact-equivalence checks.</summary>
    public torch.ScalarType DType { get; init; } = torch.ScalarType.Float32;

    /// <summary>
    /// A short description for logs, and the base of the checkpoint fingerprint: every number round-trips ("R"; the
    /// default for doubles), so two trials that differ in any digit never share a fingerprint.
    /// </summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"mlp[{string.Join('-', Hidden)}] {Activations.Name(Activation)} {Losses.Name(Loss)} lr={LearningRate} m={Momentum}{(Nesterov ? " nesterov" : "")} wd={WeightDecay:R} seed={Seed} bs={BatchSize}");
}
