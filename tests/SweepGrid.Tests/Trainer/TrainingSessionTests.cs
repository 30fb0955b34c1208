using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using Xunit;

namespace SweepGrid.Tests.Trainer;

/// <summary>The one epoch loop: per-member verdicts, checkpoints only for kept epochs, a host fault ends one member.</summary>
public sealed class TrainingSessionTests
{
    [Fact]
    public void In_a_fused_group_a_discarded_epoch_is_not_checkpointed_and_a_failing_host_call_ends_only_that_member()
    {
        using var data = TrainerFixtures.CpuData();
        var configs = new[] { 5e-2, 5e-4, 5e-6, 0 }.Select(wd => TrainerFixtures.Config(wd, epochs: 3) with { Hidden = [32] }).ToList();
        using var fused = new FusedTrainer(configs, data);
        var host = new ScriptedHost(4)
        {
            // Member 1: the grain refuses epoch 2. Member 2: its report of epoch 1 throws. Member 3: stopped after epoch 2.
            Verdict = (k, e) => (k, e) switch
            {
                (1, 2) => EpochVerdict.Discard,
                (2, 1) => throw new IOException("report failed"),
                (3, 2) => EpochVerdict.Stop,
                _ => EpochVerdict.Continue,
            },
        };

        TrainingSession.Run(fused, 3, host, CancellationToken.None);

        Assert.Equal([SessionEndKind.Completed, SessionEndKind.Stopped, SessionEndKind.Failed, SessionEndKind.Stopped], host.Ends.Select(e => e!.Kind));
        Assert.Equal([1, 2, 3], host.Saved[0]);
        Assert.Equal([1], host.Saved[1]);
        Assert.Empty(host.Saved[2]);
        Assert.Equal([1, 2], host.Saved[3]);
        Assert.Equal(EpochVerdict.Discard, host.Ends[1]!.Verdict);
        Assert.Equal("report failed", host.Ends[2]!.Error!.Message);
        // The order of ends follows the epochs: member 2 ended first, during epoch 1.
        Assert.Equal([2, 1, 3, 0], host.EndOrder);
    }

    [Fact]
    public void A_diverged_trial_ends_with_the_same_message_fused_or_not()
    {
        using var data = TrainerFixtures.CpuData();
        var config = TrainerFixtures.Config(0, epochs: 2, lr: 1e6) with { Hidden = [32] };
        using var single = new TrialTrainer(config, data);
        using var fused = new FusedTrainer([config, config with { LearningRate = 0.05 }], data);
        var alone = new ScriptedHost(1);
        var together = new ScriptedHost(2);

        TrainingSession.Run(single, 2, alone, CancellationToken.None);
        TrainingSession.Run(fused, 2, together, CancellationToken.None);

        Assert.Equal(SessionEndKind.Diverged, alone.Ends[0]!.Kind);
        Assert.StartsWith("diverged at epoch 1 (train loss", alone.Ends[0]!.Message);
        Assert.Equal(alone.Ends[0]!.Message, together.Ends[0]!.Message);
        Assert.Equal(SessionEndKind.Completed, together.Ends[1]!.Kind);
        Assert.Empty(alone.Saved[0]);
    }

    private sealed class ScriptedHost(int members) : ITrainingHost
    {
        public Func<int, int, EpochVerdict> Verdict { get; init; } = (_, _) => EpochVerdict.Continue;
        public List<int>[] Saved { get; } = [.. Enumerable.Range(0, members).Select(_ => new List<int>())];
        public SessionEnd?[] Ends { get; } = new SessionEnd?[members];
        public List<int> EndOrder { get; } = [];

        public (byte[] Payload, string Origin)? LoadCheckpoint(int member) => null;

        public bool IsCancelled(int member) => false;

        public EpochVerdict OnEpoch(int member, EpochMetrics epoch) => Verdict(member, epoch.Epoch);

        public bool KeepsCheckpoints(int member) => true;

        public void SaveCheckpoint(int member, int epoch, byte[] payload) => Saved[member].Add(epoch);

        public void OnEnd(int member, SessionEnd end)
        {
            Assert.Null(Ends[member]);
            Ends[member] = end;
            EndOrder.Add(member);
        }
    }
}
