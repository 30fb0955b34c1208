using SweepGrid.Client.Views;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Analysis;
using Xunit;

namespace SweepGrid.Tests.Views;

/// <summary>Live progress stays readable however many trials a sweep has.</summary>
public sealed class SweepProgressTests
{
    private const int Epochs = 4;

    private static TrialSummary Summary(int i, TrialState state, int epochs) => new()
    {
        TrialId = $"trial-{i:D2}",
        Point = new TrialPoint(1e-5 * (i + 1), 1, HiddenActivation.Relu, LossFunction.CrossEntropy),
        State = state,
        Epochs = epochs,
        Latest = epochs == 0 ? null : SweepFixtures.Epoch(epochs, 0.5, 0.9, 1.0 - (0.01 * i), 0.8),
    };

    private static SweepView View(int trials, int completed)
    {
        var spec = SweepFixtures.NewSpec(epochs: Epochs);
        var view = new SweepView(spec.Name);
        view.Apply(new SweepUpdate
        {
            Version = new SweepVersion(Guid.NewGuid(), 1), State = SweepState.Running, TrialCount = trials, Reset = true, Spec = spec,
            SubmittedAt = DateTimeOffset.UnixEpoch,
            Changed = [.. Enumerable.Range(0, trials).Select(i => i < completed ? Summary(i, TrialState.Completed, Epochs) : Summary(i, TrialState.Queued, 0))],
        });
        return view;
    }

    [Fact]
    public void A_sweep_of_more_than_twenty_trials_is_summarised_and_a_grid_of_twenty_is_not()
    {
        Assert.True(SweepProgress.Summarizes(View(21, 0)));
        Assert.False(SweepProgress.Summarizes(View(20, 0)));
    }

    [Fact]
    public void The_leaders_are_the_best_by_the_selection_metric_completed_first()
    {
        // Test loss 1.0 - 0.01 i: of the ten completed, trials 9, 8 and 7 lead.
        var line = SweepProgress.LeadersLine(View(30, completed: 10));

        Assert.Equal("leaders by test_loss: wd 1e-4 0.9100 | wd 9e-5 0.9200 | wd 8e-5 0.9300", line);
        Assert.Equal("leaders by test_loss: none yet", SweepProgress.LeadersLine(View(30, completed: 0)));
    }
}
