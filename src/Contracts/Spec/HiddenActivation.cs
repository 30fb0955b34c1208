namespace SweepGrid.Contracts.Spec;

/// <summary>The hidden layers' activation (keywords: <see cref="SpecKeywords.Activations"/>). Stored: never renumber.</summary>
[GenerateSerializer, Newtonsoft.Json.JsonConverter(typeof(SpecKeywordNewtonsoftConverter))]
public enum HiddenActivation
{
    Relu = 0,
    Tanh = 1,
    Sigmoid = 2,
}
