namespace SweepGrid.Bench.Search;

/// <summary>One trained trial of a search.</summary>
internal sealed record TrialResult(double WeightDecay, double LearningRate, double BestTestLoss, string Outcome, int Epochs);
