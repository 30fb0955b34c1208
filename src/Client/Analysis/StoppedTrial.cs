namespace SweepGrid.Client.Analysis;

/// <summary>A trial early stopping stopped: at which decision epoch (rung), after how many recorded epochs, and why.</summary>
public sealed record StoppedTrial(string TrialId, string Label, long Seed, int StoppedAt, int Epochs, string? Reason);
