using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>How the winner is chosen.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record SelectionSpec : IOnDeserialized
{
    // Ids 0-2 held the keywords before they had types; read from old state only (see StoredKeywords).
    [Id(0)] private string? _storedMetric;
    [Id(1)] private string? _storedMode;
    [Id(2)] private string? _storedScope;
    [Id(4)] private Metric _metric;
    [Id(5)] private SelectionGoal _mode;
    [Id(6)] private SelectionScope _scope;

    /// <summary>test_accuracy, test_loss, train_accuracy or train_loss.</summary>
    public required Metric Metric { get => _metric; init => _metric = value; }
    /// <summary>max or min.</summary>
    public required SelectionGoal Mode { get => _mode; init => _mode = value; }
    /// <summary>last (final epoch), best (best epoch) or mean_last_k.</summary>
    public required SelectionScope Scope { get => _scope; init => _scope = value; }
    /// <summary>k for mean_last_k.</summary>
    [Id(3)] public int LastK { get; init; } = 5;

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedMetric is { } metric)
        {
            _metric = StoredKeywords.Read(SpecKeywords.Metrics, metric);
            _storedMetric = null;
        }
        if (_storedMode is { } mode)
        {
            _mode = StoredKeywords.Read(SpecKeywords.Goals, mode);
            _storedMode = null;
        }
        if (_storedScope is { } scope)
        {
            _scope = StoredKeywords.Read(SpecKeywords.Scopes, scope);
            _storedScope = null;
        }
    }
}
