namespace SweepGrid.Contracts.Spec;

/// <summary>
/// The four per-epoch metrics a trial records and a selection can score (keywords: <see cref="SpecKeywords.Metrics"/>).
/// Stored: never renumber.
/// </summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum Metric
{
    TestAccuracy = 0,
    TestLoss = 1,
    TrainAccuracy = 2,
    TrainLoss = 3,
}
