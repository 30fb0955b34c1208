using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;
using Xunit;

namespace SweepGrid.Tests.Fused;

public sealed class FusedCheckpointTests
{
    [Fact]
    public void A_member_checkpoint_continues_alone_exactly_as_the_fused_member_continues()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var fused = new FusedTrainer(members, data);
        fused.RunEpoch();
        fused.RunEpoch();
        var checkpoints = Enumerable.Range(0, members.Length).Select(k => Save(fused, k)).ToArray();

        var fusedThird = fused.RunEpoch();

        for (var k = 0; k < members.Length; k++)
        {
            using var alone = new TrialTrainer(members[k], data);
            alone.LoadCheckpoint(new MemoryStream(checkpoints[k]), $"member {k}");
            Assert.Equal(2, alone.CompletedEpochs);
            var third = alone.RunEpoch();
            FusedFixtures.AssertSameMetrics(third, fusedThird[k]!, $"member {k} alone");
            FusedFixtures.AssertClose(alone.WeightNorm(), fused.WeightNorm(k), $"member {k} weight norm");
        }
    }

    [Fact]
    public void Unfused_checkpoints_resume_as_members_and_continue_exactly_as_the_unfused_runs()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        var checkpoints = new byte[members.Length][];
        var expectedThird = new EpochMetrics[members.Length];
        for (var k = 0; k < members.Length; k++)
        {
            using var alone = new TrialTrainer(members[k], data);
            alone.RunEpoch();
            alone.RunEpoch();
            using var stream = new MemoryStream();
            alone.SaveCheckpoint(stream);
            checkpoints[k] = stream.ToArray();
            expectedThird[k] = alone.RunEpoch();
        }

        using var fused = new FusedTrainer(members, data);
        for (var k = 0; k < members.Length; k++)
        {
            fused.LoadMemberCheckpoint(k, new MemoryStream(checkpoints[k]), $"trial {k}");
        }
        Assert.Equal(2, fused.CompletedEpochs);
        var third = fused.RunEpoch();

        for (var k = 0; k < members.Length; k++)
        {
            FusedFixtures.AssertSameMetrics(expectedThird[k], third[k]!, $"member {k} resumed");
        }
    }

    [Fact]
    public void Before_training_a_member_checkpoint_is_byte_identical_to_the_unfused_one()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var fused = new FusedTrainer(members, data);

        for (var k = 0; k < members.Length; k++)
        {
            using var alone = new TrialTrainer(members[k], data);
            using var stream = new MemoryStream();
            alone.SaveCheckpoint(stream);
            Assert.Equal(stream.ToArray(), Save(fused, k));
        }
    }

    [Fact]
    public void An_unfused_checkpoint_loaded_into_a_member_is_saved_back_byte_identical()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var fused = new FusedTrainer(members, data);

        for (var k = 0; k < members.Length; k++)
        {
            using var alone = new TrialTrainer(members[k], data);
            alone.RunEpoch();
            using var stream = new MemoryStream();
            alone.SaveCheckpoint(stream);
            var original = stream.ToArray();

            fused.LoadMemberCheckpoint(k, new MemoryStream(original), $"trial {k}");

            Assert.Equal(original, Save(fused, k));
        }
    }

    [Fact]
    public void Members_at_different_epochs_are_refused_training_together()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members();
        using var alone = new TrialTrainer(members[0], data);
        alone.RunEpoch();
        using var stream = new MemoryStream();
        alone.SaveCheckpoint(stream);
        using var fused = new FusedTrainer(members, data);
        fused.LoadMemberCheckpoint(0, new MemoryStream(stream.ToArray()), "trial 0");

        var e = Assert.Throws<InvalidOperationException>(() => fused.RunEpoch());

        Assert.Equal("active members are at different epochs (member 0: 1, member 1: 0, member 2: 0); they must be at the same epoch to train together", e.Message);
        Assert.Equal(1, fused.MemberCompletedEpochs(0));
        Assert.Equal(0, fused.CompletedEpochs);
    }

    [Fact]
    public void A_checkpoint_of_another_trial_is_refused_by_a_member()
    {
        using var data = FusedFixtures.Float64Data();
        using var fused = new FusedTrainer(FusedFixtures.Members(), data);
        var first = Save(fused, 0);

        var e = Assert.Throws<InvalidDataException>(() => fused.LoadMemberCheckpoint(1, new MemoryStream(first), "ckpt/member-0.bin"));

        Assert.StartsWith("ckpt/member-0.bin: checkpoint belongs to another trial", e.Message);
    }

    [Fact]
    public void Loading_a_checkpoint_makes_a_masked_member_active_again()
    {
        using var data = FusedFixtures.Float64Data();
        using var fused = new FusedTrainer(FusedFixtures.Members(), data);
        var saved = Save(fused, 2);
        fused.Mask(2, "left the group");

        fused.LoadMemberCheckpoint(2, new MemoryStream(saved), "member-2.bin");

        Assert.True(fused.IsActive(2));
        Assert.Null(fused.MaskReason(2));
        Assert.Equal(3, fused.ActiveCount);
    }

    private static byte[] Save(FusedTrainer trainer, int member)
    {
        using var stream = new MemoryStream();
        trainer.SaveMemberCheckpoint(member, stream);
        return stream.ToArray();
    }
}
