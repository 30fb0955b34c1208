using System.Globalization;
using System.Text;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>report.md: the sweep for a person to read, with the choice, the warnings and the plots.</summary>
public static class ReportMarkdown
{
    /// <summary>The report text; the plots are linked as files beside it (accuracy.png, loss.png).</summary>
    public static string Build(SweepInfo sweep, SweepAnalysis analysis)
    {
        var md = new StringBuilder();
        var spec = sweep.Spec;
        var completed = sweep.Trials.Count(t => t.State == TrialState.Completed);
        md.Append($"# {spec.Name}\n\n");
        md.Append($"Sweep `{sweep.SweepId}`: {sweep.State.ToString().ToLowerInvariant()}, {completed} of {sweep.Trials.Length} trials completed.\n\n");
        Spec(md, spec, analysis.Selection);
        Results(md, sweep);
        Choice(md, analysis.Selection, OnlyDecayVaries(sweep) ? "weight decay" : "configuration");
        Search(md, sweep, analysis);
        md.Append("## Overfitting\n\n");
        Bullets(md, analysis.OverfittingNotes.Select(n => $"**{n.Label}**: {n.Text}; final train-test accuracy gap {N(n.FinalGap)}"),
            "No completed configuration to examine.");
        md.Append("## Never learned\n\n");
        Bullets(md, analysis.NeverLearnedFlags.Select(f => $"**{f.Label}**: {f.Reason}"), "No configuration was flagged.");
        md.Append("## Plots\n\n");
        md.Append("One colour per configuration; train dashed, test solid; mean over seeds, shaded ± std when there are several.\n\n");
        md.Append($"![accuracy]({RunOutputs.AccuracyPng})\n\n![loss]({RunOutputs.LossPng})\n\n");
        md.Append($"Interactive plots (hover for values, click a legend entry to hide it) and a sortable table: [{RunOutputs.ReportHtml}]({RunOutputs.ReportHtml}).\n");
        return md.ToString();
    }

    private static void Spec(StringBuilder md, SweepSpec spec, SelectionResult selection)
    {
        md.Append("## Spec\n\n");
        foreach (var (key, value) in SpecSummary.Items(spec, selection))
        {
            md.Append($"- {key}: {value}\n");
        }
        md.Append('\n');
    }

    private static void Results(StringBuilder md, SweepInfo sweep)
    {
        var labels = Configuration.Labels(sweep.Trials.Select(t => Configuration.Of(t.Point)));
        md.Append("## Results\n\n");
        md.Append($"| {(OnlyDecayVaries(sweep) ? "weight decay" : "configuration")} | seed | status | epochs | final train acc | final test acc | final test loss | min test loss @ epoch | gap |\n");
        md.Append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var trial in Configuration.Order(sweep.Trials, t => Configuration.Of(t.Point)).ThenBy(t => t.Point.Seed))
        {
            var label = labels[Configuration.Of(trial.Point)];
            var state = trial.State == TrialState.Stopped && trial.StoppedAt is { } at ? $"stopped @ {at}" : trial.State.Name();
            if (trial.Epochs.IsDefaultOrEmpty)
            {
                md.Append($"| {label} | {trial.Point.Seed} | {state} | 0 | – | – | – | – | – |\n");
                continue;
            }
            var last = trial.Epochs[^1];
            var best = trial.Epochs.Where(e => double.IsFinite(e.TestLoss)).MinBy(e => e.TestLoss);
            var min = best is null ? "–" : $"{N(best.TestLoss)} @ {best.Epoch}";
            md.Append($"| {label} | {trial.Point.Seed} | {state} | {trial.Epochs.Length} | {N(last.TrainAccuracy)} | {N(last.TestAccuracy)} | " +
                $"{N(last.TestLoss)} | {min} | {N(Math.Abs(last.TrainAccuracy - last.TestAccuracy))} |\n");
        }
        md.Append('\n');
    }

    private static bool OnlyDecayVaries(SweepInfo sweep) => TrialRow.OnlyDecayVaries(sweep.Trials);

    private static void Search(StringBuilder md, SweepInfo sweep, SweepAnalysis analysis)
    {
        var search = analysis.Search;
        var selection = analysis.Selection;
        var lines = SearchNotes.Lines(search, selection).Select(l => l.Warning ? "**Warning:** " + l.Text : l.Text);
        md.Append("## Search\n\n");
        Bullets(md, lines, null);
        if (search.Stopped.Length > 0)
        {
            md.Append($"Stopped early: {search.Stopped.Length} of {search.Trials} trials, by decision epoch: " +
                string.Join(", ", search.Stopped.GroupBy(s => s.StoppedAt).Select(g => $"{g.Count()} at epoch {g.Key}")) + ".\n\n");
            md.Append("| configuration | seed | stopped at epoch | epochs trained | reason |\n|---|---:|---:|---:|---|\n");
            foreach (var s in search.Stopped)
            {
                md.Append($"| {s.Label} | {s.Seed} | {s.StoppedAt} | {s.Epochs} | {(s.Reason ?? "").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
            md.Append('\n');
        }
        if (search.Sensitivity.Length > 0)
        {
            md.Append($"Sensitivity: {selection.Metric.Words()} at each trial's last epoch against each searched hyperparameter " +
                "(filled: completed; open: stopped early, at the metric it stopped with).\n\n");
            foreach (var axis in search.Sensitivity)
            {
                md.Append($"![sensitivity to {axis.Axis}]({SensitivityPlots.FileName(axis.Axis)})\n\n");
            }
        }
    }

    private static void Choice(StringBuilder md, SelectionResult selection, string configurationHeader)
    {
        md.Append("## Choice\n\n");
        md.Append($"**Choice: {selection.Winner?.Label ?? "none"}** — **{selection.Reason}.**\n\n");
        if (selection.Scores.Length > 0)
        {
            md.Append($"| rank | {configurationHeader} | seeds | {selection.Rule} | scored epochs | gap |\n");
            md.Append("|---:|---|---:|---:|---|---:|\n");
            foreach (var s in selection.Scores)
            {
                var epochs = s.Epochs.Length == 1 ? $"{s.Epochs[0]}" : $"{s.Epochs[0]}–{s.Epochs[^1]}";
                md.Append($"| {s.Rank} | {s.Label} | {s.Seeds} | {N(s.Value)} | {epochs} | {N(s.Gap)} |\n");
            }
            md.Append('\n');
        }
        Bullets(md, selection.Excluded, null);
    }

    private static void Bullets(StringBuilder md, IEnumerable<string> items, string? whenEmpty)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            if (whenEmpty is not null)
            {
                md.Append(whenEmpty).Append("\n\n");
            }
            return;
        }
        foreach (var item in list)
        {
            md.Append("- ").Append(item).Append('\n');
        }
        md.Append('\n');
    }

    private static string N(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
