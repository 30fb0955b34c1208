using System.Collections.Immutable;

namespace SweepGrid.Tests.Search;

/// <summary>Compares asked points by value (ImmutableArray equality is by reference).</summary>
internal sealed class NullablePointComparer : IEqualityComparer<ImmutableArray<double>?>
{
    public bool Equals(ImmutableArray<double>? x, ImmutableArray<double>? y) =>
        x.HasValue == y.HasValue && (!x.HasValue || x.Value.SequenceEqual(y!.Value));

    public int GetHashCode(ImmutableArray<double>? obj) => obj?.Length ?? -1;
}
