using System.Collections.Immutable;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>
/// The content of results.json: the sweep as recorded (spec, every trial with its point, state, epochs, messages
/// and fused partners) and what the analysis made of it. The sweep part is enough to rebuild a
/// <see cref="SweepInfo"/> (<see cref="RunOutputs.ReadResults"/>); the analysis part is for readers and tools.
/// report.html embeds this same model, so its plots and tables show exactly these numbers.
/// </summary>
public sealed record SweepResults(
    string SweepId,
    SweepState State,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    SweepSpec Spec,
    ImmutableArray<TrialInfo> Trials,
    SelectionResult Selection,
    ImmutableArray<OverfittingNote> Overfitting,
    ImmutableArray<NeverLearnedFlag> NeverLearned,
    SearchSummary Search)
{
    /// <summary>
    /// The plotted curves: per configuration, the mean ± std over its seeds of every metric per epoch (diverged and
    /// failed trials left out), in the order and with the labels of the plots.
    /// </summary>
    public ImmutableArray<ConfigurationCurve> Curves { get; init; } = [];

    /// <summary>The results of a sweep and its analysis.</summary>
    public static SweepResults Of(SweepInfo sweep, SweepAnalysis analysis) => new(
        sweep.SweepId, sweep.State, sweep.SubmittedAt, sweep.FinishedAt, sweep.Spec, sweep.Trials,
        analysis.Selection, analysis.OverfittingNotes, analysis.NeverLearnedFlags, analysis.Search)
    {
        Curves = analysis.Curves,
    };
}
