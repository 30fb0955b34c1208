using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>Validation, finiteness and enumeration of a list of dimensions, shared by the samplers.</summary>
internal sealed class SearchSpace
{
    /// <summary>Finite spaces up to this many points are enumerated when random draws keep hitting asked points.</summary>
    public const long EnumerationLimit = 1 << 20;

    public SearchSpace(IReadOnlyList<SearchDimension> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count == 0)
        {
            throw new ArgumentException("A search space needs at least one dimension.", nameof(dimensions));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in dimensions)
        {
            ArgumentNullException.ThrowIfNull(d, nameof(dimensions));
            d.Validate();
            if (!names.Add(d.Name))
            {
                throw new ArgumentException($"Search dimension '{d.Name}' appears twice.", nameof(dimensions));
            }
        }
        Dimensions = [.. dimensions];
        Size = FiniteSize(Dimensions);
    }

    public ImmutableArray<SearchDimension> Dimensions { get; }

    /// <summary>The number of distinct points, or null when a dimension is continuous (or the count overflows).</summary>
    public long? Size { get; }

    public static long Cardinality(SearchDimension d) => d.Kind switch
    {
        DimensionKind.Categorical => d.Choices,
        DimensionKind.Int => (long)(d.High - d.Low) + 1,
        _ => d.Low == d.High ? 1 : -1,
    };

    /// <summary>A uniform random point from one stream (Optuna's RandomSampler draws: log-uniform for Log dimensions).</summary>
    public ImmutableArray<double> Draw(ref SplitMix64 rng)
    {
        var point = new double[Dimensions.Length];
        for (var i = 0; i < point.Length; i++)
        {
            point[i] = DrawOne(Dimensions[i], ref rng);
        }
        return ImmutableArray.Create(point);
    }

    public static double DrawOne(SearchDimension d, ref SplitMix64 rng)
    {
        switch (d.Kind)
        {
            case DimensionKind.Categorical:
                return rng.NextLong(d.Choices);
            case DimensionKind.Int when !d.Log:
                return d.Low + rng.NextLong((long)(d.High - d.Low) + 1);
            case DimensionKind.Int:
            {
                // Log integers: log-uniform over [low - 0.5, high + 0.5], rounded, as Optuna's discretised log sampling.
                var lo = Math.Log(d.Low - 0.5);
                var hi = Math.Log(d.High + 0.5);
                var x = Math.Round(Math.Exp(lo + (rng.NextDouble() * (hi - lo))));
                return Math.Clamp(x, d.Low, d.High);
            }
            default:
            {
                if (d.Low == d.High)
                {
                    return d.Low;
                }
                var u = rng.NextDouble();
                var x = d.Log
                    ? Math.Exp(Math.Log(d.Low) + (u * (Math.Log(d.High) - Math.Log(d.Low))))
                    : d.Low + (u * (d.High - d.Low));
                return Math.Clamp(x, d.Low, d.High);
            }
        }
    }

    /// <summary>Every point not in <paramref name="asked"/>, in lexicographic order. Only for finite spaces within the limit.</summary>
    public List<ImmutableArray<double>> Remaining(HashSet<ImmutableArray<double>> asked)
    {
        var remaining = new List<ImmutableArray<double>>();
        var digits = new long[Dimensions.Length];
        var size = Size ?? throw new InvalidOperationException("An infinite space cannot be enumerated.");
        for (long n = 0; n < size; n++)
        {
            var point = new double[Dimensions.Length];
            for (var i = 0; i < point.Length; i++)
            {
                var d = Dimensions[i];
                point[i] = d.Kind == DimensionKind.Categorical ? digits[i] : d.Low + digits[i];
            }
            var p = ImmutableArray.Create(point);
            if (!asked.Contains(p))
            {
                remaining.Add(p);
            }
            for (var i = digits.Length - 1; i >= 0; i--)
            {
                if (++digits[i] < Cardinality(Dimensions[i]))
                {
                    break;
                }
                digits[i] = 0;
            }
        }
        return remaining;
    }

    /// <summary>Throws when a point does not fit the space (wrong length or a value a dimension cannot take).</summary>
    public void CheckPoint(ImmutableArray<double> point, string what)
    {
        if (point.IsDefault || point.Length != Dimensions.Length)
        {
            throw new ArgumentException($"{what}: expected a point with {Dimensions.Length} coordinates, got {(point.IsDefault ? 0 : point.Length)}.");
        }
    }

    public bool Contains(ImmutableArray<double> point)
    {
        for (var i = 0; i < Dimensions.Length; i++)
        {
            if (!Dimensions[i].Contains(point[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static long? FiniteSize(ImmutableArray<SearchDimension> dims)
    {
        long size = 1;
        foreach (var d in dims)
        {
            var c = Cardinality(d);
            if (c < 0)
            {
                return null;
            }
            if (size > long.MaxValue / Math.Max(c, 1))
            {
                return null;
            }
            size *= c;
        }
        return size;
    }
}
