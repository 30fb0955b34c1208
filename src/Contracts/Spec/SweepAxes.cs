using System.Collections.Immutable;
using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>The swept axes; the trial grid is their product.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record SweepAxes : IOnDeserialized
{
    // Ids 2 and 3 held the axes' keywords before they had types; read from old state only (see StoredKeywords).
    // Default (not empty) unless old state was read, which is how an empty stored axis is told from none.
    [Id(2)] private ImmutableArray<string> _storedActivation;
    [Id(3)] private ImmutableArray<string> _storedLoss;
    [Id(4)] private ImmutableArray<HiddenActivation> _activation = [];
    [Id(5)] private ImmutableArray<LossFunction> _loss = [];

    [Id(0)] public required ImmutableArray<double> WeightDecay { get; init; }
    [Id(1)] public required ImmutableArray<long> Seeds { get; init; }
    /// <summary>Activations to try; empty means the model's one.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(KeywordArrayNewtonsoftConverter<HiddenActivation>))]
    public ImmutableArray<HiddenActivation> Activation { get => _activation; init => _activation = value; }
    /// <summary>Losses to try; empty means the spec's loss.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(KeywordArrayNewtonsoftConverter<LossFunction>))]
    public ImmutableArray<LossFunction> Loss { get => _loss; init => _loss = value; }

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (!_storedActivation.IsDefault)
        {
            _activation = [.. _storedActivation.Select(s => StoredKeywords.Read(SpecKeywords.Activations, s))];
            _storedActivation = default;
        }
        if (!_storedLoss.IsDefault)
        {
            _loss = [.. _storedLoss.Select(s => StoredKeywords.Read(SpecKeywords.Losses, s))];
            _storedLoss = default;
        }
    }
}
