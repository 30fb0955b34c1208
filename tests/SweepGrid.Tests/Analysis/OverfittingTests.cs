using SweepGrid.Client.Analysis;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

public sealed class OverfittingTests
{
    [Fact]
    public void Weak_decay_test_loss_rising_after_epoch_20_is_reported()
    {
        var note = Overfitting.Detect(WeakDecay());

        Assert.NotNull(note);
        Assert.True(note.Overfits);
        Assert.Equal(20, note.MinTestLossEpoch);
        Assert.Equal(40, note.LastEpoch);
        Assert.Equal("test loss rises after epoch 20: +0.08 by epoch 40", note.Text);
        Assert.Equal(0.0812, note.FinalGap, 4);
    }

    [Fact]
    public void Steadily_falling_test_loss_is_not_overfitting()
    {
        var note = Overfitting.Detect(MediumDecay());

        Assert.NotNull(note);
        Assert.False(note.Overfits);
        Assert.Equal("test loss still falling: lowest at the last epoch (40)", note.Text);
    }

    [Fact]
    public void A_rise_within_the_tolerance_is_not_overfitting()
    {
        var trial = Trial(5e-4, 1, [Epoch(1, 1, 0.5, 0.50, 0.5), Epoch(2, 1, 0.5, 0.40, 0.5), Epoch(3, 1, 0.5, 0.41, 0.5)]);

        var note = Overfitting.Detect(trial);

        Assert.NotNull(note);
        Assert.False(note.Overfits);
        Assert.Equal("test loss levels off after epoch 2: +0.01 by epoch 3, within 0.02", note.Text);
        Assert.True(Overfitting.Detect(trial, tolerance: 0.005)!.Overfits);
    }

    [Fact]
    public void Reference_sweep_notes_only_the_weak_decay_as_overfitting()
    {
        var analysis = SweepAnalysis.Of(Reference());

        Assert.Equal(["5e-6"], analysis.OverfittingNotes.Where(n => n.Overfits).Select(n => n.Label));
        Assert.Equal(3, analysis.OverfittingNotes.Length);
    }
}
