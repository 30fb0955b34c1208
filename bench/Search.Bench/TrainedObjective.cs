using System.Runtime.InteropServices;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Search;

/// <summary>
/// The objective the samplers search: train the real trainer (<see cref="TrialRunner"/>) at a (weight decay, learning rate)
/// point and return its best test loss over the epochs. The model seed is fixed, so the objective is a deterministic
/// function of the point and the two samplers face the same landscape.
/// </summary>
internal sealed class TrainedObjective(BenchOptions options, DeviceData data)
{
    public int Trainings { get; private set; }

    public double Seconds { get; private set; }

    /// <summary>Trainings that libtorch aborted with a native error and that were run again.</summary>
    public int NativeErrors { get; private set; }

    public TrialResult Evaluate(double weightDecay, double learningRate)
    {
        var config = new TrialConfig
        {
            Hidden = [options.Hidden],
            Activation = ActivationKind.Relu,
            Loss = LossKind.CrossEntropy,
            LearningRate = learningRate,
            Momentum = 0.9,
            WeightDecay = weightDecay,
            Seed = 1,
            Epochs = options.Epochs,
            BatchSize = options.Batch,
            Device = DeviceChoice.Cpu,
            DType = ScalarType.Float32,
        };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        TrialOutcome outcome;
        try
        {
            outcome = TrialRunner.Run(config, data);
        }
        catch (ExternalException e)
        {
            // Seen here once in a few hundred trainings: libtorch rejects a Scalar in the trainer's loss accumulation
            // ("toDouble at c10/core/Scalar.h"), not reproducibly. Training is deterministic, so the retry gives the
            // values the first attempt would have; the count goes into the result.
            NativeErrors++;
            Console.Error.WriteLine($"search-bench: native error in training (retrying once): {e.Message.Split('\n')[0]}");
            outcome = TrialRunner.Run(config, data);
        }
        Seconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Trainings++;
        // A diverged trial has no finite epoch worth keeping: it scores +inf (worst), as NaN ranks in the sampler.
        var best = outcome.Epochs.Where(e => e.IsFinite).Select(e => e.TestLoss).DefaultIfEmpty(double.PositiveInfinity).Min();
        var result = new TrialResult(weightDecay, learningRate, best, outcome.Kind.ToString().ToLowerInvariant(), outcome.Epochs.Count);
        if (options.Verbose)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  wd {weightDecay:E2} lr {learningRate:E2}: best test loss {best:F4} ({result.Outcome}, {result.Epochs} epochs, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s)"));
        }
        return result;
    }

    public static Dataset Data(BenchOptions options) => HardSynthetic.Generate(options.Train, options.Test, options.Contrast, seed: 7);
}
