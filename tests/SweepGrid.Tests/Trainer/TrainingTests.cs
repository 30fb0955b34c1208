using SweepGrid.Trainer.Training;
using Xunit;

namespace SweepGrid.Tests.Trainer;

public sealed class TrainingTests
{
    [Fact]
    public void Three_epochs_on_the_mnist_subset_reach_85_percent_test_accuracy()
    {
        using var data = TrainerFixtures.CpuData();
        var outcome = TrialRunner.Run(TrainerFixtures.Config(), data);

        Assert.Equal(TrialOutcomeKind.Completed, outcome.Kind);
        Assert.Equal([1, 2, 3], outcome.Epochs.Select(e => e.Epoch));
        Assert.True(outcome.Epochs[^1].TestAccuracy > 0.85, $"test accuracy after 3 epochs was {outcome.Epochs[^1].TestAccuracy:P2}, expected > 85%");
        Assert.True(outcome.Epochs[^1].TrainLoss < outcome.Epochs[0].TrainLoss, "train loss did not fall");
    }

    [Fact]
    public void Large_weight_decay_ends_with_a_much_smaller_weight_norm()
    {
        using var data = TrainerFixtures.CpuData();
        var strong = TrialRunner.Run(TrainerFixtures.Config(weightDecay: 5e-2), data);
        var weak = TrialRunner.Run(TrainerFixtures.Config(weightDecay: 5e-6), data);

        Assert.True(strong.WeightNorm < 0.5 * weak.WeightNorm,
            $"weight norm with 5e-2 was {strong.WeightNorm:F3}, with 5e-6 {weak.WeightNorm:F3}; expected less than half");
    }

    [Fact]
    public void Same_seed_gives_identical_metrics_and_another_seed_does_not()
    {
        using var data = TrainerFixtures.CpuData();
        var a = TrialRunner.Run(TrainerFixtures.Config(epochs: 2), data);
        var b = TrialRunner.Run(TrainerFixtures.Config(epochs: 2), data);
        var c = TrialRunner.Run(TrainerFixtures.Config(epochs: 2, seed: 2), data);

        Assert.Equal(Losses(a), Losses(b));
        Assert.NotEqual(Losses(a), Losses(c));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_bit_exactly_on_cpu()
    {
        using var data = TrainerFixtures.CpuData();
        var config = TrainerFixtures.Config(epochs: 4);
        var uninterrupted = TrialRunner.Run(config, data);

        var dir = Directory.CreateTempSubdirectory("sweepgrid-resume-").FullName;
        var checkpoint = Path.Combine(dir, "checkpoint.bin");
        var firstHalf = TrialRunner.Run(config with { Epochs = 2 }, data, checkpointPath: checkpoint);
        var secondHalf = TrialRunner.Run(config, data, checkpointPath: checkpoint);

        Assert.Equal([1, 2], firstHalf.Epochs.Select(e => e.Epoch));
        Assert.Equal([3, 4], secondHalf.Epochs.Select(e => e.Epoch));
        Assert.Equal(Losses(uninterrupted), Losses(firstHalf).Concat(Losses(secondHalf)));
        Assert.Equal(uninterrupted.WeightNorm, secondHalf.WeightNorm);
    }

    [Fact]
    public void A_checkpoint_of_another_trial_is_refused()
    {
        using var data = TrainerFixtures.CpuData();
        var checkpoint = Path.Combine(Directory.CreateTempSubdirectory("sweepgrid-ckpt-").FullName, "checkpoint.bin");
        TrialRunner.Run(TrainerFixtures.Config(epochs: 1), data, checkpointPath: checkpoint);

        var e = Assert.Throws<InvalidDataException>(() =>
            TrialRunner.Run(TrainerFixtures.Config(epochs: 2, weightDecay: 5e-2), data, checkpointPath: checkpoint));
        Assert.Contains(checkpoint, e.Message);
        Assert.Contains("another trial", e.Message);
    }

    [Fact]
    public void Weight_decays_that_differ_in_the_fourth_digit_have_different_checkpoint_fingerprints()
    {
        // With "G3" both were wd=0.000123, so one trial could resume from the other's checkpoint.
        var a = TrialTrainer.Fingerprint(TrainerFixtures.Config(epochs: 1, weightDecay: 1.231e-4));
        var b = TrialTrainer.Fingerprint(TrainerFixtures.Config(epochs: 1, weightDecay: 1.234e-4));

        Assert.NotEqual(a, b);
        // Values people write (up to three digits) keep the fingerprint they always had, so existing checkpoints resume.
        Assert.Contains("wd=0.0005 ", TrialTrainer.Fingerprint(TrainerFixtures.Config(epochs: 1, weightDecay: 5e-4)));
    }

    [Fact]
    public void A_huge_learning_rate_ends_as_diverged_not_as_an_exception()
    {
        using var data = TrainerFixtures.CpuData();
        var outcome = TrialRunner.Run(TrainerFixtures.Config(lr: 1e4), data);

        Assert.Equal(TrialOutcomeKind.Diverged, outcome.Kind);
        Assert.StartsWith("diverged at epoch 1", outcome.Message);
        Assert.Empty(outcome.Epochs);
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_keeps_finished_epochs()
    {
        using var data = TrainerFixtures.CpuData();
        using var cts = new CancellationTokenSource();
        var outcome = TrialRunner.Run(TrainerFixtures.Config(epochs: 5), data, onEpoch: m =>
        {
            if (m.Epoch == 2)
            {
                cts.Cancel();
            }
        }, ct: cts.Token);

        Assert.Equal(TrialOutcomeKind.Cancelled, outcome.Kind);
        Assert.Equal([1, 2], outcome.Epochs.Select(e => e.Epoch));
        Assert.Equal("cancelled during epoch 3", outcome.Message);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_across_epochs()
    {
        using var data = TrainerFixtures.CpuData();
        using var trainer = new TrialTrainer(TrainerFixtures.Config(epochs: 6), data);
        trainer.RunEpoch();
        var afterFirst = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 4; i++)
        {
            trainer.RunEpoch();
        }
        var afterFifth = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Equal(afterFirst, afterFifth);
    }

    private static double[] Losses(TrialOutcome o) => [.. o.Epochs.SelectMany(e => new[] { e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy })];
}
