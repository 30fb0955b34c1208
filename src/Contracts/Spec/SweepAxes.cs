using System.Collections.Immutable;
using Orleans.Serialization;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// The swept axes. For a grid the trials are the product of the lists; random and TPE search draw from the lists (as
/// choices) and the ranges. An axis not listed keeps the spec's own value.
/// </summary>
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

    [Id(6)] private ImmutableArray<double> _lr = [];
    [Id(7)] private ImmutableArray<double> _momentum = [];
    [Id(8)] private ImmutableArray<int> _batchSize = [];
    [Id(9)] private ImmutableArray<ImmutableArray<int>> _hidden = [];
    [Id(10)] private ImmutableArray<ParameterRange> _ranges = [];

    /// <summary>Weight decays to try; empty when weight decay is searched over a range (see <see cref="Ranges"/>).</summary>
    [Id(0)] public required ImmutableArray<double> WeightDecay { get; init; }
    [Id(1)] public required ImmutableArray<long> Seeds { get; init; }
    /// <summary>Activations to try; empty means the model's one.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(KeywordArrayNewtonsoftConverter<HiddenActivation>))]
    public ImmutableArray<HiddenActivation> Activation { get => _activation; init => _activation = value; }
    /// <summary>Losses to try; empty means the spec's loss.</summary>
    [Newtonsoft.Json.JsonConverter(typeof(KeywordArrayNewtonsoftConverter<LossFunction>))]
    public ImmutableArray<LossFunction> Loss { get => _loss; init => _loss = value; }

    /// <summary>Learning rates to try; empty means the optimizer's one (or a range).</summary>
    public ImmutableArray<double> Lr { get => Empty(_lr); init => _lr = value; }
    /// <summary>Momentums to try; empty means the optimizer's one (or a range).</summary>
    public ImmutableArray<double> Momentum { get => Empty(_momentum); init => _momentum = value; }
    /// <summary>Batch sizes to try; empty means the spec's one (or a range).</summary>
    public ImmutableArray<int> BatchSize { get => Empty(_batchSize); init => _batchSize = value; }
    /// <summary>Hidden architectures to try (widths per layer); empty means the model's one.</summary>
    public ImmutableArray<ImmutableArray<int>> Hidden { get => Empty(_hidden); init => _hidden = value; }
    /// <summary>Axes searched over a range (random and TPE only), by axis name.</summary>
    public ImmutableArray<ParameterRange> Ranges { get => Empty(_ranges); init => _ranges = value; }

    /// <summary>The range of <paramref name="axis"/>, when it is searched over one.</summary>
    public ParameterRange? RangeOf(string axis) => Ranges.FirstOrDefault(r => r.Axis == axis);

    // Newtonsoft.Json (grain state in PostgreSQL) writes an axis only when it is used, so the stored specs of sweeps
    // that use none of these stay byte for byte what older silos wrote and read.
    public bool ShouldSerializeLr() => !Lr.IsEmpty;

    public bool ShouldSerializeMomentum() => !Momentum.IsEmpty;

    public bool ShouldSerializeBatchSize() => !BatchSize.IsEmpty;

    public bool ShouldSerializeHidden() => !Hidden.IsEmpty;

    public bool ShouldSerializeRanges() => !Ranges.IsEmpty;

    // State stored before an axis existed reads it as empty.
    private static ImmutableArray<T> Empty<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;

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
