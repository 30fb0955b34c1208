namespace SweepGrid.Client.Analysis;

/// <summary>How far the winner is ahead of the runner-up under the selection rule.</summary>
/// <param name="RunnerUp">The runner-up's label.</param>
/// <param name="Difference">|winner − runner-up| in the metric's units.</param>
/// <param name="Relative">The difference as a fraction of the runner-up's score (NaN when that is 0).</param>
public sealed record SelectionMargin(string RunnerUp, double RunnerUpValue, double Difference, double Relative);
