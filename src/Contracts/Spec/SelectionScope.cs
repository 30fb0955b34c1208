namespace SweepGrid.Contracts.Spec;

/// <summary>Which epochs of a curve a selection scores (keywords: <see cref="SpecKeywords.Scopes"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum SelectionScope
{
    /// <summary>The final epoch.</summary>
    Last = 0,
    /// <summary>The best epoch (the earliest of equal ones).</summary>
    Best = 1,
    /// <summary>The mean of the last <see cref="SelectionSpec.LastK"/> epochs.</summary>
    MeanLastK = 2,
}
