namespace SweepGrid.Bench.Search;

/// <summary>
/// Part (a) of the issue, kept apart: ASHA on Fashion-MNIST over a 27-point grid, measured through the product (a sweep with
/// early stopping) and filled in by whoever runs it. This program writes only the placeholder.
/// </summary>
internal sealed record PartA(string Status, string Experiment, object? Result = null);
