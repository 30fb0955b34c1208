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
        var items = new List<(string, string)>();
        items.Add(("Data", $"{spec.Data.Dataset.Keyword()}{limits}"));
        items.Add(("Model", $"MLP {string.Join('-', spec.Model.Hidden)}, {spec.Model.Activation.Keyword()}; loss {spec.Loss.Name.Keyword()}"));
        items.Add(("Optimizer", $"SGD lr {G(opt.Lr)}, momentum {G(opt.Momentum)}{(opt.Nesterov ? ", Nesterov" : "")}"));
        items.Add(("Training", $"{spec.Epochs} epochs, batch {spec.BatchSize}"));
        var sweep = spec.Sweep;
        string Axis(string name, string axis, IEnumerable<string> listed)
        {
            if (sweep.RangeOf(axis) is { } r)
            {
                return $"{name} {(r.IsLog ? "log-" : "")}{(r.IsInteger ? "integer-" : "")}uniform in [{G(r.Low)}, {G(r.High)}]";
            }
            return $"{name} {string.Join(", ", listed)}";
        }
        var axes = new List<string> { Axis("weight decay", "weight_decay", sweep.WeightDecay.Select(DecayLabel.Format)) };
        if (!sweep.Lr.IsEmpty || sweep.RangeOf("lr") is not null)
        {
            axes.Add(Axis("lr", "lr", sweep.Lr.Select(G)));
        }
        if (!sweep.Momentum.IsEmpty || sweep.RangeOf("momentum") is not null)
        {
            axes.Add(Axis("momentum", "momentum", sweep.Momentum.Select(G)));
        }
        if (!sweep.BatchSize.IsEmpty || sweep.RangeOf("batch_size") is not null)
        {
            axes.Add(Axis("batch size", "batch_size", sweep.BatchSize.Select(b => b.ToString(CultureInfo.InvariantCulture))));
        }
        if (!sweep.Hidden.IsEmpty)
        {
            axes.Add("hidden " + string.Join(", ", sweep.Hidden.Select(h => string.Join('-', h.Select(w => w == 0 ? "?" : w.ToString(CultureInfo.InvariantCulture))))));
            axes.AddRange(sweep.Ranges.Where(r => r.Axis.StartsWith("hidden[", StringComparison.Ordinal)).Select(r => Axis(r.Axis, r.Axis, [])));
        }
        axes.Add("seeds " + string.Join(", ", spec.Sweep.Seeds));
        if (!spec.Sweep.Activation.IsDefaultOrEmpty)
        {
            axes.Add("activation " + string.Join(", ", spec.Sweep.Activation.Select(a => a.Keyword())));
        }
        if (!spec.Sweep.Loss.IsDefaultOrEmpty)
        {
            axes.Add("loss " + string.Join(", ", spec.Sweep.Loss.Select(l => l.Keyword())));
        }
        items.Add(("Swept", $"{string.Join("; ", axes)}"));
        if (spec.Search.Algorithm != SearchAlgorithm.Grid)
        {
            items.Add(("Search", $"{spec.Search.Algorithm.Keyword()}, {spec.Search.Trials} configurations, sampler seed {spec.Search.Seed}" +
                (spec.Search.Algorithm == SearchAlgorithm.Tpe ? $", {spec.Search.StartupTrials} random start-up configurations, {spec.Search.Parallel} in flight" : "")));
        }
        if (spec.EarlyStopping is { Enabled: true } es)
        {
            items.Add(("Early stopping", $"{es.Algorithm.Keyword()} on {es.Metric.Keyword()} ({es.Mode.Keyword()}), grace {es.GraceEpochs} epochs" +
                (es.Algorithm == StoppingAlgorithm.Asha ? $", reduction factor {es.ReductionFactor}" : $", at least {es.MinSamples} earlier trials")));
        }
        items.Add(("Selection", $"{selection.Rule} ({selection.Metric.Keyword()}, {selection.Mode.Keyword()}, {selection.Scope.Keyword()}" +
            (selection.Scope == SelectionScope.MeanLastK ? $", k = {selection.LastK})" : ")")));
        return items;
    }

    private static string G(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
