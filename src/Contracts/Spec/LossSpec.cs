using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>The training loss and its parameter.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record LossSpec : IOnDeserialized
{
    // Id 0 held the loss's keyword before it had a type; read from old state only (see StoredKeywords).
    [Id(0)] private string? _storedName;
    [Id(2)] private LossFunction _name;

    /// <summary>cross_entropy, hinge, l1, huber, l2 or cosine.</summary>
    public required LossFunction Name { get => _name; init => _name = value; }
    /// <summary>Huber's δ (only meaningful for huber).</summary>
    [Id(1)] public double Delta { get; init; } = 1.0;

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedName is { } stored)
        {
            _name = StoredKeywords.Read(SpecKeywords.Losses, stored);
            _storedName = null;
        }
    }
}
