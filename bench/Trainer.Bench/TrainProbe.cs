using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Trainer;

/// <summary>
/// Training throughput of the reference model through <see cref="TrialTrainer.RunEpoch"/>, the code path every
/// trial uses. Throughput is <see cref="EpochMetrics.SamplesPerSecond"/>, which RunEpoch measures over the
/// training loop alone (its end-of-epoch evaluation is outside that clock); the test set is kept small anyway.
/// </summary>
public sealed class TrainProbe : IDisposable
{
    public const int TrainExamples = 60_000;
    public const int TestExamples = 1_000;
    public const int BatchSize = 256;
    public static readonly int[] Hidden = [512, 256];

    private readonly DeviceData _data;
    private readonly TrialTrainer _trainer;

    public TrainProbe(Device device)
    {
        _data = new DeviceData(SyntheticData.Generate(TrainExamples, TestExamples, seed: 7), device);
        var config = new TrialConfig
        {
            Hidden = Hidden,
            Activation = ActivationKind.Relu,
            Loss = LossKind.CrossEntropy,
            LearningRate = 0.05,
            Momentum = 0.9,
            WeightDecay = 5e-4,
            Seed = 1,
            Epochs = int.MaxValue,
            BatchSize = BatchSize,
            DType = ScalarType.Float32,
        };
        _trainer = new TrialTrainer(config, _data);
        Parameters = _trainer.Model.parameters().Sum(p => p.numel());
    }

    public long Parameters { get; }

    /// <summary>Forward 2 FLOPs per parameter per sample, backward 4 (the conventional 6N estimate).</summary>
    public double FlopsPerSample => 6.0 * Parameters;

    /// <summary>The metrics of the most recent epoch (to show that the model is learning, not diverging).</summary>
    public EpochMetrics? Last { get; private set; }

    public void WarmUp() => Last = _trainer.RunEpoch();

    /// <summary>Whole epochs until their training time reaches <paramref name="seconds"/> (at least one); samples/s over them.</summary>
    public double Measure(double seconds)
    {
        double samples = 0, trainSeconds = 0;
        do
        {
            Last = _trainer.RunEpoch();
            samples += _data.TrainCount;
            trainSeconds += _data.TrainCount / Last.SamplesPerSecond;
        }
        while (trainSeconds < seconds);
        return samples / trainSeconds;
    }

    public void Dispose()
    {
        _trainer.Dispose();
        _data.Dispose();
    }
}
