using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>Everything reports say about a sweep, computed once from its <see cref="SweepInfo"/>.</summary>
/// <param name="Curves">
/// Seed-mean curves to plot: every trial with epochs except diverged and failed ones, whose NaN or abandoned
/// epochs would distort the mean; running and cancelled trials show how far they got.
/// </param>
/// <param name="Selection">The winner by the sweep's rule, over completed trials.</param>
/// <param name="OverfittingNotes">One note per configuration, over completed trials.</param>
/// <param name="NeverLearnedFlags">Configurations (over completed trials) that show no learning.</param>
/// <param name="Search">Margin, seed interval, edge warnings, sensitivity, stopped trials and the epochs spent.</param>
public sealed record SweepAnalysis(
    ImmutableArray<ConfigurationCurve> Curves,
    SelectionResult Selection,
    ImmutableArray<OverfittingNote> OverfittingNotes,
    ImmutableArray<NeverLearnedFlag> NeverLearnedFlags,
    SearchSummary Search)
{
    /// <summary>Analyses a sweep with the default tolerances.</summary>
    public static SweepAnalysis Of(SweepInfo sweep)
    {
        var labels = Configuration.Labels(sweep.Trials.Select(t => Configuration.Of(t.Point)));
        ImmutableArray<ConfigurationCurve> CurvesOf(Func<TrialInfo, bool> include) =>
        [
            .. SeedAggregation.Aggregate(sweep.Trials.Where(include))
                .Where(c => c.Epochs.Length > 0)
                .Select(c => c with { Label = labels[c.Configuration] }),
        ];
        var plotted = CurvesOf(t => t.State is not (TrialState.Diverged or TrialState.Failed));
        var completed = CurvesOf(t => t.State == TrialState.Completed);
        var selection = Analysis.Selection.Select(sweep);
        return new SweepAnalysis(
            plotted,
            selection,
            [.. completed.Select(c => Overfitting.Detect(c)).OfType<OverfittingNote>()],
            [.. completed.Select(c => NeverLearned.Check(c)).OfType<NeverLearnedFlag>()],
            SearchSummary.Of(sweep, selection));
    }
}
