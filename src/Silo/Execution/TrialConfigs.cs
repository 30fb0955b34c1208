using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Silo.Execution;

/// <summary>Turns a validated spec plus one point of the sweep grid into the trainer's configuration.</summary>
public static class TrialConfigs
{
    public static TrialConfig From(SweepSpec spec, TrialPoint point) => From(spec, point.WeightDecay, point.Seed, point.Activation, point.Loss);

    public static TrialConfig From(SweepSpec spec, double weightDecay, long seed, string? activation = null, string? loss = null) => new()
    {
        Hidden = spec.Model.Hidden,
        Activation = Activations.ByName[activation ?? spec.Model.Activation],
        Loss = Losses.ByName[loss ?? spec.Loss.Name],
        HuberDelta = spec.Loss.Delta,
        LearningRate = spec.Optimizer.Lr,
        Momentum = spec.Optimizer.Momentum,
        Nesterov = spec.Optimizer.Nesterov,
        WeightDecay = weightDecay,
        Seed = seed,
        Epochs = spec.Epochs,
        BatchSize = spec.BatchSize,
        Device = spec.Resources.Device switch
        {
            "cpu" => DeviceChoice.Cpu,
            "cuda" => DeviceChoice.Cuda,
            _ => DeviceChoice.Auto,
        },
    };
}
