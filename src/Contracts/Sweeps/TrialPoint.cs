using Orleans.Serialization;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>One point of a sweep's grid: the values of every swept axis for one trial.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record TrialPoint(
    [property: Id(0)] double WeightDecay,
    [property: Id(1)] long Seed,
    HiddenActivation Activation,
    LossFunction Loss) : IOnDeserialized
{
    // Ids 2 and 3 held the keywords before they had types; read from old state only (see StoredKeywords).
    [Id(2)] private string? _storedActivation;
    [Id(3)] private string? _storedLoss;
    [Id(4)] private HiddenActivation _activation = Activation;
    [Id(5)] private LossFunction _loss = Loss;

    public HiddenActivation Activation { get => _activation; init => _activation = value; }

    public LossFunction Loss { get => _loss; init => _loss = value; }

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedActivation is { } activation)
        {
            _activation = StoredKeywords.Read(SpecKeywords.Activations, activation);
            _storedActivation = null;
        }
        if (_storedLoss is { } loss)
        {
            _loss = StoredKeywords.Read(SpecKeywords.Losses, loss);
            _storedLoss = null;
        }
    }
}
