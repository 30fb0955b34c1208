namespace SweepGrid.Client.Analysis;

/// <summary>Whether a curve's test loss turned upward after its minimum, and its final generalisation gap.</summary>
/// <param name="Configuration">The configuration (of the trial, for a per-trial note).</param>
/// <param name="Label">Its label (e.g. "5e-6").</param>
/// <param name="Seeds">Seeds averaged into the curve (1 for a trial).</param>
/// <param name="MinTestLossEpoch">The epoch of the lowest test loss (the earliest, on equal values).</param>
/// <param name="MinTestLoss">That lowest test loss.</param>
/// <param name="LastEpoch">The curve's last epoch.</param>
/// <param name="LastTestLoss">Test loss at the last epoch.</param>
/// <param name="Rise">LastTestLoss − MinTestLoss (≥ 0).</param>
/// <param name="Overfits">Whether <paramref name="Rise"/> exceeds the tolerance.</param>
/// <param name="FinalGap">|train accuracy − test accuracy| at the last epoch.</param>
/// <param name="Text">The finding in words, e.g. "test loss rises after epoch 23: +0.08 by epoch 40".</param>
public sealed record OverfittingNote(
    Configuration Configuration,
    string Label,
    int Seeds,
    int MinTestLossEpoch,
    double MinTestLoss,
    int LastEpoch,
    double LastTestLoss,
    double Rise,
    bool Overfits,
    double FinalGap,
    string Text);
