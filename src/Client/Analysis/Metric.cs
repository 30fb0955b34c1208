namespace SweepGrid.Client.Analysis;

/// <summary>The four per-epoch metrics a trial records and a selection can score.</summary>
public enum Metric
{
    TrainLoss,
    TrainAccuracy,
    TestLoss,
    TestAccuracy,
}
