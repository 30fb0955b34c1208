using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// One finished or stopped trial as a sampler sees it. <paramref name="Value"/> is the objective already oriented so that
/// smaller is better (NaN ranks worst). <paramref name="Complete"/> false means stopped early at epoch <paramref name="Step"/>:
/// such trials rank below every complete one, later steps before earlier ones, then by value (as Optuna ranks pruned trials).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchObservation(
    [property: Id(0)] ImmutableArray<double> Point,
    [property: Id(1)] double Value,
    [property: Id(2)] int Step,
    [property: Id(3)] bool Complete);
