using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using Xunit;

namespace SweepGrid.Tests.Fused;

public sealed class FusedMaskingTests
{
    [Fact]
    public void A_diverging_member_is_masked_and_the_others_still_match_their_unfused_runs()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members().ToList();
        members.Insert(1, members[0] with { LearningRate = 1e4 });

        var fused = FusedRunner.Run(members, data);
        var separate = members.Select(m => TrialRunner.Run(m, data)).ToArray();

        Assert.Equal(TrialOutcomeKind.Diverged, separate[1].Kind);
        for (var k = 0; k < members.Count; k++)
        {
            FusedFixtures.AssertSameOutcome(separate[k], fused[k], $"member {k} ({members[k]})");
        }
    }

    [Fact]
    public void A_diverged_member_gets_its_non_finite_metrics_once_and_then_no_more()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var trainer = new FusedTrainer([members[0], members[0] with { LearningRate = 1e4 }], data);

        var epochs = Enumerable.Range(0, 3).Select(_ => trainer.RunEpoch()).ToArray();

        var diverged = Array.FindIndex(epochs, e => e[1] is { IsFinite: false }) + 1;
        Assert.True(diverged > 0, "the member with learning rate 1e4 did not diverge in 3 epochs");
        Assert.All(epochs.Take(diverged - 1), e => Assert.True(e[1]!.IsFinite));
        Assert.All(epochs.Skip(diverged), e => Assert.Null(e[1]));
        Assert.All(epochs, e => Assert.True(e[0]!.IsFinite));
        Assert.False(trainer.IsActive(1));
        Assert.StartsWith($"diverged at epoch {diverged} (", trainer.MaskReason(1));
        Assert.Equal(1, trainer.ActiveCount);
        Assert.Equal(3, trainer.CompletedEpochs);
        Assert.Equal(diverged, trainer.MemberCompletedEpochs(1));
    }

    [Fact]
    public void A_masked_member_stops_reporting_and_the_others_are_unaffected()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var trainer = new FusedTrainer(members, data);
        var separate = members.Select(m => TrialRunner.Run(m, data)).ToArray();

        var epochs = new List<IReadOnlyList<EpochMetrics?>> { trainer.RunEpoch() };
        trainer.Mask(1, "cancelled by the user");
        var normAtMask = trainer.WeightNorm(1);
        epochs.Add(trainer.RunEpoch());
        epochs.Add(trainer.RunEpoch());

        Assert.False(trainer.IsActive(1));
        Assert.Equal("cancelled by the user", trainer.MaskReason(1));
        Assert.Equal([false, true, true], epochs.Select(e => e[1] is null));
        Assert.Equal(normAtMask, trainer.WeightNorm(1));
        FusedFixtures.AssertSameMetrics(separate[1].Epochs[0], epochs[0][1]!, "member 1");
        foreach (var k in new[] { 0, 2 })
        {
            for (var e = 0; e < 3; e++)
            {
                FusedFixtures.AssertSameMetrics(separate[k].Epochs[e], epochs[e][k]!, $"member {k}");
            }
        }
    }

    [Fact]
    public void A_member_cancelled_by_its_token_ends_cancelled_while_the_others_complete()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var cancelSecond = new CancellationTokenSource();
        CancellationToken[] tokens = [CancellationToken.None, cancelSecond.Token, CancellationToken.None];

        var fused = FusedRunner.Run(members, data, onEpoch: (k, m) =>
        {
            if (k == 1 && m.Epoch == 1)
            {
                cancelSecond.Cancel();
            }
        }, memberCancellation: tokens);

        Assert.Equal([TrialOutcomeKind.Completed, TrialOutcomeKind.Cancelled, TrialOutcomeKind.Completed], fused.Select(o => o.Kind));
        Assert.Equal("cancelled before epoch 2", fused[1].Message);
        Assert.Equal([1], fused[1].Epochs.Select(e => e.Epoch));
        FusedFixtures.AssertSameOutcome(TrialRunner.Run(members[2], data), fused[2], "member 2");
    }

    [Fact]
    public void Cancelling_the_group_cancels_every_active_member()
    {
        using var data = FusedFixtures.Float64Data();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var fused = FusedRunner.Run(FusedFixtures.Members(), data, ct: cts.Token);

        Assert.All(fused, o =>
        {
            Assert.Equal(TrialOutcomeKind.Cancelled, o.Kind);
            Assert.Equal("cancelled during epoch 1", o.Message);
            Assert.Empty(o.Epochs);
        });
    }
}
