using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using Xunit;
using static SweepGrid.Tests.Analysis.SweepFixtures;

namespace SweepGrid.Tests.Analysis;

/// <summary>What the report says beyond the winner: margin, seed interval, edge warnings, sensitivity, stopped trials, budget.</summary>
public sealed class SearchSummaryTests
{
    private static TrialInfo Final(double decay, long seed, double testLoss, int epochs = 4, TrialState state = TrialState.Completed, int? stoppedAt = null) =>
        Trial(decay, seed, Enumerable.Range(1, epochs).Select(e => Epoch(e, 0.5, 0.9, e == epochs ? testLoss : testLoss + 1, 0.85)), state) with { StoppedAt = stoppedAt };

    [Fact]
    public void The_winner_has_its_margin_over_the_runner_up_and_a_student_t_interval_over_its_seeds()
    {
        var spec = NewSpec(decays: [1e-2, 1e-4], seeds: [1, 2, 3], epochs: 4);
        var sweep = Sweep(spec, Final(1e-2, 1, 0.50), Final(1e-2, 2, 0.52), Final(1e-2, 3, 0.54), Final(1e-4, 1, 0.40), Final(1e-4, 2, 0.42), Final(1e-4, 3, 0.44));

        var summary = SweepAnalysis.Of(sweep).Search;

        Assert.Equal("1e-2", summary.Margin!.RunnerUp);
        Assert.Equal(0.10, summary.Margin.Difference, 12);
        Assert.Equal(0.10 / 0.52, summary.Margin.Relative, 12);
        // Mean 0.42, sample sd 0.02, n 3: half width t(0.975, 2) · 0.02 / √3 = 4.302653 · 0.011547 = 0.049683.
        Assert.Equal(3, summary.Interval!.Seeds);
        Assert.Equal(0.42, summary.Interval.Mean, 12);
        Assert.Equal(0.42 - 0.0496828, summary.Interval.Low, 6);
        Assert.Equal(0.42 + 0.0496828, summary.Interval.High, 6);
    }

    [Fact]
    public void A_winner_at_the_end_of_a_searched_range_is_warned_about_and_one_inside_is_not()
    {
        SweepSpec Ranged() => NewSpec(epochs: 4) with
        {
            Sweep = new SweepAxes { WeightDecay = [], Seeds = [1], Ranges = [new ParameterRange("weight_decay", RangeKind.LogUniform, 1e-6, 1e-1)] },
            Search = new SearchSpec { Algorithm = SearchAlgorithm.Random, Trials = 3 },
        };
        var atEdge = Sweep(Ranged(), Final(1.2e-6, 1, 0.30), Final(1e-3, 1, 0.40), Final(5e-2, 1, 0.50));
        var inside = Sweep(Ranged(), Final(1.2e-6, 1, 0.45), Final(1e-3, 1, 0.40), Final(5e-2, 1, 0.50));

        var warning = Assert.Single(SweepAnalysis.Of(atEdge).Search.EdgeWarnings);
        Assert.StartsWith("the chosen weight_decay 1.2e-6 is at the low edge of its searched range [1e-6, 0.1]", warning);
        Assert.Empty(SweepAnalysis.Of(inside).Search.EdgeWarnings);
        // A range always gets a sensitivity series, on a log axis for a log range.
        var axis = Assert.Single(SweepAnalysis.Of(inside).Search.Sensitivity);
        Assert.True(axis.Log);
        Assert.Equal([1.2e-6, 1e-3, 5e-2], axis.Points.Select(p => p.Value));
        Assert.Equal([0.45, 0.40, 0.50], axis.Points.Select(p => p.Metric));
    }

    [Fact]
    public void The_reference_grid_picks_from_the_middle_so_no_warning_and_no_sensitivity_plot_for_three_values()
    {
        var summary = SweepAnalysis.Of(Reference()).Search;

        Assert.Empty(summary.EdgeWarnings);
        Assert.Empty(summary.Sensitivity);
        Assert.Empty(summary.Stopped);
        Assert.Equal((120L, 120L, 1.0), (summary.TrialEpochs, summary.FullTrialEpochs, summary.TrialEpochFraction));
    }

    [Fact]
    public void Stopped_trials_are_listed_by_rung_count_against_the_full_budget_and_do_not_compete()
    {
        var spec = NewSpec(decays: [1e-1, 1e-2, 1e-3, 1e-4], epochs: 9) with
        {
            EarlyStopping = new EarlyStoppingSpec { Algorithm = StoppingAlgorithm.Asha, GraceEpochs = 1, ReductionFactor = 3 },
        };
        var sweep = Sweep(spec,
            Final(1e-1, 1, 0.30, epochs: 2, state: TrialState.Stopped, stoppedAt: 1),
            Final(1e-2, 1, 0.50, epochs: 9),
            Final(1e-3, 1, 0.45, epochs: 3, state: TrialState.Stopped, stoppedAt: 3),
            Final(1e-4, 1, 0.60, epochs: 9));

        var analysis = SweepAnalysis.Of(sweep);

        Assert.Equal([(1, 2), (3, 3)], analysis.Search.Stopped.Select(s => (s.StoppedAt, s.Epochs)));
        Assert.Equal((23L, 36L), (analysis.Search.TrialEpochs, analysis.Search.FullTrialEpochs));
        // The stopped 1e-1 had the lowest loss when it stopped, but only trials trained to the end compete.
        Assert.Equal(1e-2, analysis.Selection.Winner!.Configuration.WeightDecay);
        Assert.Contains("2 trials stopped early by the sweep's early-stopping rule; excluded from selection (only trials trained to the last epoch compete)", analysis.Selection.Excluded);
    }
}
