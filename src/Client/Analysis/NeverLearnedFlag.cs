namespace SweepGrid.Client.Analysis;

/// <summary>A curve that shows no learning: test accuracy near chance, or a training loss that barely moved.</summary>
/// <param name="Configuration">The configuration (of the trial, for a per-trial flag).</param>
/// <param name="Label">Its label (e.g. "5e-2").</param>
/// <param name="Seeds">Seeds averaged into the curve (1 for a trial).</param>
/// <param name="FinalTestAccuracy">Test accuracy at the last epoch.</param>
/// <param name="TrainLossChange">(last − first) / first of the training loss; 0 with a single epoch.</param>
/// <param name="NearChance">Whether the final test accuracy is within the margin of chance.</param>
/// <param name="FlatTrainLoss">Whether the training loss changed by less than the flat threshold.</param>
/// <param name="Reason">Why, with the numbers, e.g. "final test accuracy 0.1100 is within 0.05 of chance (0.1000)".</param>
public sealed record NeverLearnedFlag(
    Configuration Configuration,
    string Label,
    int Seeds,
    double FinalTestAccuracy,
    double TrainLossChange,
    bool NearChance,
    bool FlatTrainLoss,
    string Reason);
