using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>Points are equal when every coordinate is bitwise equal: the duplicate test for asked trials.</summary>
internal sealed class PointComparer : IEqualityComparer<ImmutableArray<double>>
{
    public static readonly PointComparer Instance = new();

    public bool Equals(ImmutableArray<double> x, ImmutableArray<double> y)
    {
        if (x.IsDefault || y.IsDefault)
        {
            return x.IsDefault == y.IsDefault;
        }
        if (x.Length != y.Length)
        {
            return false;
        }
        for (var i = 0; i < x.Length; i++)
        {
            if (!x[i].Equals(y[i]))
            {
                return false;
            }
        }
        return true;
    }

    public int GetHashCode(ImmutableArray<double> obj)
    {
        var hash = new HashCode();
        if (!obj.IsDefault)
        {
            foreach (var v in obj)
            {
                hash.Add(v);
            }
        }
        return hash.ToHashCode();
    }
}
