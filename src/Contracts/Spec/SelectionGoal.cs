namespace SweepGrid.Contracts.Spec;

/// <summary>Whether a selection wants the highest or the lowest score (keywords: <see cref="SpecKeywords.Goals"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum SelectionGoal
{
    Max = 0,
    Min = 1,
}
