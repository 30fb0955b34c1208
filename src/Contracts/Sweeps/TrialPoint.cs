using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Orleans.Serialization;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// One point of a sweep's space: the values of every swept axis for one trial. Weight decay, seed, activation and loss
/// are always set; learning rate, momentum, batch size and hidden widths are set only when the sweep varies them (null or
/// empty: the spec's own value), so the trials of a sweep that does not vary them keep the ids they always had.
/// </summary>
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

    /// <summary>SGD learning rate; null: the spec's <c>optimizer.lr</c>.</summary>
    [Id(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Lr { get; init; }

    /// <summary>SGD momentum; null: the spec's <c>optimizer.momentum</c>.</summary>
    [Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Momentum { get; init; }

    /// <summary>Mini-batch size; null: the spec's <c>batch_size</c>.</summary>
    [Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BatchSize { get; init; }

    /// <summary>Hidden layer widths; empty: the spec's <c>model.hidden</c>.</summary>
    public ImmutableArray<int> Hidden { get => _hidden.IsDefault ? [] : _hidden; init => _hidden = value; }

    // Absent from state stored before the field existed: read as empty.
    [Id(9)] private ImmutableArray<int> _hidden = [];

    // Newtonsoft.Json (grain state in PostgreSQL) writes a value only when the sweep varies it, so the stored points of
    // sweeps that vary none of these stay byte for byte what older silos wrote and read.
    public bool ShouldSerializeLr() => Lr is not null;

    public bool ShouldSerializeMomentum() => Momentum is not null;

    public bool ShouldSerializeBatchSize() => BatchSize is not null;

    public bool ShouldSerializeHidden() => !Hidden.IsEmpty;

    /// <summary>Equal when every value is (hidden widths compared element by element, not by array).</summary>
    public bool Equals(TrialPoint? other) => other is not null
        && WeightDecay.Equals(other.WeightDecay) && Seed == other.Seed && Activation == other.Activation && Loss == other.Loss
        && Nullable.Equals(Lr, other.Lr) && Nullable.Equals(Momentum, other.Momentum) && BatchSize == other.BatchSize
        && Hidden.AsSpan().SequenceEqual(other.Hidden.AsSpan());

    public override int GetHashCode() => HashCode.Combine(WeightDecay, Seed, Activation, Loss, Lr, Momentum, BatchSize, Hidden.Length);

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
