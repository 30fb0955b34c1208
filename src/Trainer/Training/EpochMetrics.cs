namespace SweepGrid.Trainer.Training;

/// <summary>
/// One finished epoch (1-based). Train loss/accuracy are means over the epoch's batches as they trained;
/// test loss/accuracy are over the whole test set in eval mode without gradients.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double Seconds,
    double SamplesPerSecond)
{
    public bool IsFinite => double.IsFinite(TrainLoss) && double.IsFinite(TestLoss);

    /// <summary>How a trial whose epoch this is ends when it is not <see cref="IsFinite"/>, fused or not.</summary>
    public string DivergenceMessage => $"diverged at epoch {Epoch} (train loss {TrainLoss}, test loss {TestLoss})";
}
