using System.Globalization;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client.Reports;

/// <summary>The spec in a few labelled lines, worded once for every report (report.md, report.html).</summary>
internal static class SpecSummary
{
    public static IReadOnlyList<(string Key, string Value)> Items(SweepSpec spec, SelectionResult selection)
    {
        var limits = spec.Data.TrainLimit is null && spec.Data.TestLimit is null
            ? ""
            : $" (first {spec.Data.TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} train / {spec.Data.TestLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} test)";
        var opt = spec.Optimizer;
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
        var rule = $"{selection.Rule} ({selection.Metric.Keyword()}, {selection.Mode.Keyword()}, {selection.Scope.Keyword()}" +
            (selection.Scope == SelectionScope.MeanLastK ? $", k = {selection.LastK})" : ")");
        return
        [
            ("Data", spec.Data.Dataset.Keyword() + limits),
            ("Model", $"MLP {string.Join('-', spec.Model.Hidden)}, {spec.Model.Activation.Keyword()}; loss {spec.Loss.Name.Keyword()}"),
            ("Optimizer", $"SGD lr {G(opt.Lr)}, momentum {G(opt.Momentum)}{(opt.Nesterov ? ", Nesterov" : "")}"),
            ("Training", $"{spec.Epochs} epochs, batch {spec.BatchSize}"),
            ("Swept", string.Join("; ", axes)),
            ("Selection", rule),
        ];
    }

    private static string G(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
