namespace SweepGrid.Contracts.Spec;

/// <summary>The dataset a sweep trains on (keywords: <see cref="SpecKeywords.Datasets"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum DatasetName
{
    Mnist = 0,
    FashionMnist = 1,
    /// <summary>Generated in memory from a seed; no files.</summary>
    Synthetic = 2,
}
