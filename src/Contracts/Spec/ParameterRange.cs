namespace SweepGrid.Contracts.Spec;

/// <summary>A searched axis given as a range rather than a list: <c>lr: { log_uniform: { min: 1e-3, max: 0.3 } }</c>.</summary>
/// <param name="Axis">The axis as the spec names it: weight_decay, lr, momentum, batch_size, hidden[i].</param>
[GenerateSerializer, Immutable]
public sealed record ParameterRange(
    [property: Id(0)] string Axis,
    [property: Id(1)] RangeKind Kind,
    [property: Id(2)] double Low,
    [property: Id(3)] double High)
{
    public bool IsLog => Kind is RangeKind.LogUniform or RangeKind.IntLogUniform;

    public bool IsInteger => Kind is RangeKind.IntUniform or RangeKind.IntLogUniform;
}
