namespace SweepGrid.Contracts.Spec;

/// <summary>How a sweep explores its space (keywords: <see cref="SpecKeywords.SearchAlgorithms"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum SearchAlgorithm
{
    /// <summary>Every combination of the listed values.</summary>
    Grid = 0,
    /// <summary>Seeded independent draws from each axis.</summary>
    Random = 1,
    /// <summary>Tree-structured Parzen estimator (Bergstra et al. 2011): random start-up draws, then proposals modelled on the results so far.</summary>
    Tpe = 2,
}
