using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>One trial on a sensitivity plot: its value of the axis and the selection metric at its last epoch.</summary>
public sealed record SensitivityPoint(string TrialId, double Value, double Metric, int Epochs, TrialState State);
