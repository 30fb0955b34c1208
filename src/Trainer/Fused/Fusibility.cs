using SweepGrid.Trainer.Training;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// Which trial settings members of one fused group must share. Architecture, activation and loss make the
/// stacked tensors and the loss one computation; seed, batch size and epochs make the members see the same
/// mini-batches in the same order (the data order is drawn from the seed) and stop together; dtype and device
/// put them in the same tensors. Learning rate, momentum, Nesterov and weight decay are free per member.
/// </summary>
internal static class Fusibility
{
    /// <summary>The name of the first setting in which <paramref name="a"/> and <paramref name="b"/> differ and that must be shared, else null.</summary>
    public static string? FirstDifference(TrialConfig a, TrialConfig b)
    {
        if (!a.Hidden.SequenceEqual(b.Hidden))
        {
            return nameof(TrialConfig.Hidden);
        }
        return a.Activation != b.Activation ? nameof(TrialConfig.Activation)
            : a.Loss != b.Loss ? nameof(TrialConfig.Loss)
            : !a.HuberDelta.Equals(b.HuberDelta) ? nameof(TrialConfig.HuberDelta)
            : a.Seed != b.Seed ? nameof(TrialConfig.Seed)
            : a.Epochs != b.Epochs ? nameof(TrialConfig.Epochs)
            : a.BatchSize != b.BatchSize ? nameof(TrialConfig.BatchSize)
            : a.DType != b.DType ? nameof(TrialConfig.DType)
            : a.Device != b.Device ? nameof(TrialConfig.Device)
            : null;
    }

    /// <summary>The checks of <see cref="Optim.Sgd"/>'s constructor, so an invalid member fails before any tensor is built.</summary>
    public static void ValidateOptimizer(TrialConfig c, int member)
    {
        var name = $"members[{member}]";
        if (!(c.LearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(name, c.LearningRate, "learning rate must be > 0");
        }
        if (!(c.Momentum >= 0))
        {
            throw new ArgumentOutOfRangeException(name, c.Momentum, "momentum must be >= 0");
        }
        if (!(c.WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(name, c.WeightDecay, "weight decay must be >= 0");
        }
        if (c.Nesterov && c.Momentum == 0)
        {
            throw new ArgumentException("nesterov requires momentum > 0", name);
        }
    }
}
