using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Turns a validated spec plus one point of the sweep grid into the trainer's configuration. The trainer knows nothing
/// of specs: this is the one place a spec value becomes a trainer value, each by an exhaustive switch.
/// </summary>
public static class TrialConfigs
{
    public static TrialConfig From(SweepSpec spec, TrialPoint point) => From(spec, point.WeightDecay, point.Seed, point.Activation, point.Loss) with
    {
        // What the point varies overrides the spec's own value.
        Hidden = point.Hidden.IsEmpty ? spec.Model.Hidden : point.Hidden,
        LearningRate = point.Lr ?? spec.Optimizer.Lr,
        Momentum = point.Momentum ?? spec.Optimizer.Momentum,
        BatchSize = point.BatchSize ?? spec.BatchSize,
    };

    public static TrialConfig From(SweepSpec spec, double weightDecay, long seed, HiddenActivation? activation = null, LossFunction? loss = null) => new()
    {
        Hidden = spec.Model.Hidden,
        Activation = Trainer(activation ?? spec.Model.Activation),
        Loss = Trainer(loss ?? spec.Loss.Name),
        HuberDelta = spec.Loss.Delta,
        LearningRate = spec.Optimizer.Lr,
        Momentum = spec.Optimizer.Momentum,
        Nesterov = spec.Optimizer.Nesterov,
        WeightDecay = weightDecay,
        Seed = seed,
        Epochs = spec.Epochs,
        BatchSize = spec.BatchSize,
        Device = Trainer(spec.Resources.Device),
    };

    public static ActivationKind Trainer(HiddenActivation activation) => activation switch
    {
        HiddenActivation.Relu => ActivationKind.Relu,
        HiddenActivation.Tanh => ActivationKind.Tanh,
        HiddenActivation.Sigmoid => ActivationKind.Sigmoid,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    public static LossKind Trainer(LossFunction loss) => loss switch
    {
        LossFunction.CrossEntropy => LossKind.CrossEntropy,
        LossFunction.Hinge => LossKind.Hinge,
        LossFunction.L1 => LossKind.L1,
        LossFunction.Huber => LossKind.Huber,
        LossFunction.L2 => LossKind.L2,
        LossFunction.Cosine => LossKind.Cosine,
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, null),
    };

    public static DeviceChoice Trainer(DevicePreference device) => device switch
    {
        DevicePreference.Auto => DeviceChoice.Auto,
        DevicePreference.Cpu => DeviceChoice.Cpu,
        DevicePreference.Cuda => DeviceChoice.Cuda,
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, null),
    };

    /// <summary>The trainer's name of a dataset (<see cref="DatasetNames"/>): what it loads, fetches and names its directory by.</summary>
    public static string Trainer(DatasetName dataset) => dataset switch
    {
        DatasetName.Mnist => DatasetNames.Mnist,
        DatasetName.FashionMnist => DatasetNames.FashionMnist,
        DatasetName.Synthetic => DatasetNames.Synthetic,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null),
    };
}
