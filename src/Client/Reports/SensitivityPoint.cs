namespace SweepGrid.Client.Reports;

/// <summary>A trial's value of one hyperparameter and its score under the selection rule.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Value">The hyperparameter's value.</param>
/// <param name="Score">The selection metric of the trial.</param>
/// <param name="State">The trial's state keyword (completed, stopped, …), so stopped trials can be told apart.</param>
public sealed record SensitivityPoint(string TrialId, double Value, double Score, string State);
