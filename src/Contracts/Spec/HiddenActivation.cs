namespace SweepGrid.Contracts.Spec;

/// <summary>The hidden layers' activation (keywords: <see cref="SpecKeywords.Activations"/>). Stored: never renumber.</summary>
[GenerateSerializer]
public enum HiddenActivation
{
    Relu = 0,
    Tanh = 1,
    Sigmoid = 2,
}
