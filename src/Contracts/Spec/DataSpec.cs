using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>Which dataset and where its files are.</summary>
[GenerateSerializer, Immutable]
[SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed record DataSpec : IOnDeserialized
{
    // Id 0 held the dataset's keyword before it had a type; read from old state only (see StoredKeywords).
    [Id(0)] private string? _storedDataset;
    [Id(4)] private DatasetName _dataset;

    /// <summary>mnist, fashion-mnist or synthetic.</summary>
    public required DatasetName Dataset { get => _dataset; init => _dataset = value; }
    /// <summary>Data directory; null: $SWEEPGRID_DATA or the user's cache.</summary>
    [Id(1)] public string? Dir { get; init; }
    /// <summary>Use only the first N training examples (for synthetic: how many to generate).</summary>
    [Id(2)] public int? TrainLimit { get; init; }
    /// <summary>Use only the first N test examples (for synthetic: how many to generate).</summary>
    [Id(3)] public int? TestLimit { get; init; }

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => UpgradeStored();

    private void UpgradeStored()
    {
        if (_storedDataset is { } stored)
        {
            _dataset = StoredKeywords.Read(SpecKeywords.Datasets, stored);
            _storedDataset = null;
        }
    }
}
