using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Tests.Analysis;

/// <summary>Hand-made sweeps with known curves, so analysis and reports are tested without training anything.</summary>
internal static class SweepFixtures
{
    public const int ReferenceEpochs = 40;

    public static SweepSpec NewSpec(string metric = "test_loss", string mode = "min", string scope = "last", int lastK = 5,
        double[]? decays = null, long[]? seeds = null, int epochs = ReferenceEpochs) => new()
        {
            Name = "fashion-weight-decay",
            Data = new DataSpec { Dataset = DatasetName.FashionMnist },
            Model = new ModelSpec { Hidden = [256, 128], Activation = HiddenActivation.Relu },
            Loss = new LossSpec { Name = LossFunction.CrossEntropy },
            Optimizer = new OptimizerSpec { Lr = 0.05, Momentum = 0.9 },
            Sweep = new SweepAxes { WeightDecay = [.. decays ?? [5e-2, 5e-4, 5e-6]], Seeds = [.. seeds ?? [1]] },
            Epochs = epochs,
            BatchSize = 64,
            Selection = new SelectionSpec
            {
                Metric = SpecKeywords.Metrics.Parse(metric), Mode = SpecKeywords.Goals.Parse(mode), Scope = SpecKeywords.Scopes.Parse(scope), LastK = lastK,
            },
            Resources = new ResourceSpec(),
        };

    public static EpochRecord Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) =>
        new(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, Seconds: 1.5, SamplesPerSecond: 40_000);

    public static TrialInfo Trial(double weightDecay, long seed, IEnumerable<EpochRecord> epochs,
        TrialState state = TrialState.Completed, string activation = "relu", string? message = null) => new()
        {
            TrialId = $"t-{DecayLabel.Format(weightDecay)}-{seed}-{activation}",
            Point = new TrialPoint(weightDecay, seed, SpecKeywords.Activations.Parse(activation), LossFunction.CrossEntropy),
            State = state,
            Epochs = [.. epochs],
            Message = message,
        };

    /// <summary>A trial whose only varying metric is the one given per epoch; the others are fixed and harmless.</summary>
    public static TrialInfo TestAccuracyTrial(double weightDecay, params double[] testAccuracy) =>
        Trial(weightDecay, 1, testAccuracy.Select((a, i) => Epoch(i + 1, 0.5, 0.9, 0.5, a)));

    public static SweepInfo Sweep(SweepSpec spec, params TrialInfo[] trials) => new()
    {
        SweepId = "sweep-1",
        Spec = spec,
        State = SweepState.Completed,
        Trials = [.. trials],
        SubmittedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2025, 1, 2, 4, 0, 0, TimeSpan.Zero),
    };

    /// <summary>
    /// The reference experiment's shape over 40 epochs: 5e-2 stays near chance with a flat loss of ~2.30; 5e-6
    /// leads early in train accuracy but its test loss bottoms out at epoch 20 (0.33) and climbs to 0.41; 5e-4
    /// improves steadily to a final test loss of 0.3325.
    /// </summary>
    public static SweepInfo Reference() => Sweep(NewSpec(), StrongDecay(), MediumDecay(), WeakDecay());

    public static TrialInfo StrongDecay(long seed = 1) => Trial(5e-2, seed, Epochs(e =>
        Epoch(e, 2.305 - 0.0001 * e, 0.10 + 0.0005 * e, 2.303 - 0.00005 * e, 0.11 + 0.0002 * e)));

    public static TrialInfo MediumDecay(long seed = 1) => Trial(5e-4, seed, Epochs(e =>
        Epoch(e, 0.25 + 0.8 / e, 0.90 - 0.3 / e, 0.32 + 0.5 / e, 0.88 - 0.28 / e)));

    public static TrialInfo WeakDecay(long seed = 1) => Trial(5e-6, seed, Epochs(e =>
        Epoch(e, 0.05 + 1.0 / e, 0.95 - 0.2 / e, e <= 20 ? 0.30 + 0.6 / e : 0.33 + 0.004 * (e - 20), 0.87 - 0.25 / e)));

    private static IEnumerable<EpochRecord> Epochs(Func<int, EpochRecord> epoch) =>
        Enumerable.Range(1, ReferenceEpochs).Select(epoch);
}
