namespace SweepGrid.Contracts.Spec;

/// <summary>Which early-stopping rule a sweep applies (keywords: <see cref="SpecKeywords.StoppingAlgorithms"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum StoppingAlgorithm
{
    None = 0,
    /// <summary>Asynchronous successive halving (Li et al., MLSys 2020): rungs at grace·η^k, the top 1/η go on.</summary>
    Asha = 1,
    /// <summary>The median stopping rule (Golovin et al. 2017): stop when worse than the median of the others' running means.</summary>
    Median = 2,
}
