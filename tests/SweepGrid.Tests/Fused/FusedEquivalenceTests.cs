using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using Xunit;

namespace SweepGrid.Tests.Fused;

public sealed class FusedEquivalenceTests
{
    public static TheoryData<ActivationKind, LossKind> EveryActivationAndLoss()
    {
        var data = new TheoryData<ActivationKind, LossKind>();
        foreach (var activation in Enum.GetValues<ActivationKind>())
        {
            foreach (var loss in Enum.GetValues<LossKind>())
            {
                data.Add(activation, loss);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActivationAndLoss))]
    public void Three_fused_members_train_as_the_three_trials_trained_separately(ActivationKind activation, LossKind loss)
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members(activation, loss);

        var fused = FusedRunner.Run(members, data);
        var separate = members.Select(m => TrialRunner.Run(m, data)).ToArray();

        Assert.Equal(members.Length, fused.Count);
        for (var k = 0; k < members.Length; k++)
        {
            Assert.Equal(TrialOutcomeKind.Completed, separate[k].Kind);
            FusedFixtures.AssertSameOutcome(separate[k], fused[k], $"{activation}/{loss} member {k} ({members[k]})");
        }
    }

    [Fact]
    public void A_group_of_one_is_the_unfused_trial()
    {
        using var data = FusedFixtures.Float64Data();
        var member = FusedFixtures.Base(epochs: 2);

        var fused = FusedRunner.Run([member], data);
        var separate = TrialRunner.Run(member, data);

        FusedFixtures.AssertSameOutcome(separate, Assert.Single(fused), "single member");
    }

    [Fact]
    public void Every_member_reports_each_finished_epoch_once()
    {
        using var data = FusedFixtures.Float64Data();
        var members = FusedFixtures.Members(epochs: 2);
        var reported = new List<(int Member, int Epoch)>();

        FusedRunner.Run(members, data, onEpoch: (k, m) => reported.Add((k, m.Epoch)));

        Assert.Equal([(0, 1), (1, 1), (2, 1), (0, 2), (1, 2), (2, 2)], reported);
    }
}
