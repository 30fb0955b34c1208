namespace SweepGrid.Contracts.Spec;

/// <summary>The training loss (keywords: <see cref="SpecKeywords.Losses"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum LossFunction
{
    CrossEntropy = 0,
    Hinge = 1,
    L1 = 2,
    /// <summary>Takes <see cref="LossSpec.Delta"/>.</summary>
    Huber = 3,
    L2 = 4,
    Cosine = 5,
}
