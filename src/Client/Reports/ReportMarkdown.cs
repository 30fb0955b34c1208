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
        md.Append("## Overfitting\n\n");
        Bullets(md, analysis.OverfittingNotes.Select(n => $"**{n.Label}**: {n.Text}; final train-test accuracy gap {N(n.FinalGap)}"),
            "No completed configuration to examine.");
        md.Append("## Never learned\n\n");
        Bullets(md, analysis.NeverLearnedFlags.Select(f => $"**{f.Label}**: {f.Reason}"), "No configuration was flagged.");
        md.Append("## Plots\n\n");
        md.Append("One colour per configuration; train dashed, test solid; mean over seeds, shaded ± std when there are several.\n\n");
        md.Append($"![accuracy]({RunOutputs.AccuracyPng})\n\n![loss]({RunOutputs.LossPng})\n");
        return md.ToString();
    }

    private static void Spec(StringBuilder md, SweepSpec spec, SelectionResult selection)
    {
        var limits = spec.Data.TrainLimit is null && spec.Data.TestLimit is null
            ? ""
            : $" (first {spec.Data.TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} train / {spec.Data.TestLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} test)";
        var opt = spec.Optimizer;
        md.Append("## Spec\n\n");
        md.Append($"- Data: {spec.Data.Dataset.Keyword()}{limits}\n");
        md.Append($"- Model: MLP {string.Join('-', spec.Model.Hidden)}, {spec.Model.Activation.Keyword()}; loss {spec.Loss.Name.Keyword()}\n");
        md.Append($"- Optimizer: SGD lr {G(opt.Lr)}, momentum {G(opt.Momentum)}{(opt.Nesterov ? ", Nesterov" : "")}\n");
        md.Append($"- Training: {spec.Epochs} epochs, batch {spec.BatchSize}\n");
        var axes = new List<string>
        {
            "weight decay " + string.Join(", ", spec.Sweep.WeightDecay.Select(DecayLabel.Format)),
            "seeds " + string.Join(", ", spec.Sweep.Seeds),
        };
        if (!spec.Sweep.Activation.IsDefaultOrEmpty)
        {
            axes.Add("activation " + string.Join(", ", spec.Sweep.Activation.Select(a => a.Keyword())));
        }
        if (!spec.Sweep.Loss.IsDefaultOrEmpty)
        {
            axes.Add("loss " + string.Join(", ", spec.Sweep.Loss.Select(l => l.Keyword())));
        }
        md.Append($"- Swept: {string.Join("; ", axes)}\n");
        md.Append($"- Selection: {selection.Rule} ({selection.Metric.Keyword()}, {selection.Mode.Keyword()}, {selection.Scope.Keyword()}");
        md.Append(selection.Scope == SelectionScope.MeanLastK ? $", k = {selection.LastK})\n\n" : ")\n\n");
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
            var state = trial.State.Name();
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

    private static bool OnlyDecayVaries(SweepInfo sweep) =>
        sweep.Trials.Select(t => (t.Point.Activation, t.Point.Loss)).Distinct().Count() <= 1;

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

    private static string G(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
