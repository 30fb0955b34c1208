using System.Collections.Immutable;

namespace SweepGrid.Client.Reports;

/// <summary>One searched hyperparameter against the selection metric: a point per scored trial.</summary>
/// <param name="Parameter">The hyperparameter as the spec names it (weight_decay, lr, momentum, batch_size, …).</param>
/// <param name="LogScale">Whether its values are best read on a log axis (they span decades).</param>
/// <param name="Metric">The metric on the y axis (its keyword, e.g. test_loss).</param>
/// <param name="Points">The trials, in any order.</param>
public sealed record SensitivityAxis(string Parameter, bool LogScale, string Metric, ImmutableArray<SensitivityPoint> Points);
