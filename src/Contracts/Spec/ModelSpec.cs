using System.Collections.Immutable;
using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>The MLP: hidden layer widths and the hidden activation.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record ModelSpec : IOnDeserialized
{
    // Id 1 held the activation's keyword before it had a type; read from old state only (see StoredKeywords).
    [Id(1)] private string? _storedActivation;
    [Id(2)] private HiddenActivation _activation;

    [Id(0)] public required ImmutableArray<int> Hidden { get; init; }
    /// <summary>relu, tanh or sigmoid.</summary>
    public required HiddenActivation Activation { get => _activation; init => _activation = value; }

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedActivation is { } stored)
        {
            _activation = StoredKeywords.Read(SpecKeywords.Activations, stored);
            _storedActivation = null;
        }
    }
}
