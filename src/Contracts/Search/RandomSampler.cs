using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// Uniform random search (log-uniform on Log dimensions). Trial <c>index</c> draws from its own SplitMix64 stream seeded by
/// (seed, index, attempt), so no RNG state needs storing; an attempt is retried with the next stream when it hits an asked
/// point, and a small finite space is enumerated once random draws stop finding new points.
/// </summary>
public sealed class RandomSampler : ISearchSampler
{
    /// <summary>Random draws tried before a finite space is enumerated.</summary>
    internal const int MaxAttempts = 64;

    /// <summary>Draws tried in a space too large to enumerate before giving up (practically unreachable).</summary>
    private const int MaxAttemptsUnenumerable = 1 << 16;

    private const ulong Purpose = 0x52414E444F4D5F31UL;

    private readonly SearchSpace _space;
    private readonly ulong _seed;

    public RandomSampler(IReadOnlyList<SearchDimension> dims, ulong seed)
    {
        _space = new SearchSpace(dims);
        _seed = seed;
    }

    /// <summary>The dimensions, validated.</summary>
    public ImmutableArray<SearchDimension> Dimensions => _space.Dimensions;

    /// <summary>The number of distinct points, or null for a continuous space.</summary>
    public long? SpaceSize => _space.Size;

    /// <inheritdoc />
    public ImmutableArray<double>? Ask(int index, IReadOnlyList<ImmutableArray<double>> asked, IReadOnlyList<SearchObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var seen = AskedSet(_space, asked);
        return Ask(index, seen);
    }

    internal ImmutableArray<double>? Ask(int index, HashSet<ImmutableArray<double>> seen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (_space.Size is { } size && seen.Count >= size)
        {
            return null;
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var p = Draw(index, attempt);
            if (!seen.Contains(p))
            {
                return p;
            }
        }
        if (_space.Size is { } finite && finite <= SearchSpace.EnumerationLimit)
        {
            var remaining = _space.Remaining(seen);
            var rng = SplitMix64.For(_seed, index, MaxAttempts, Purpose);
            return remaining[(int)rng.NextLong(remaining.Count)];
        }
        for (var attempt = MaxAttempts; attempt < MaxAttemptsUnenumerable; attempt++)
        {
            var p = Draw(index, attempt);
            if (!seen.Contains(p))
            {
                return p;
            }
        }
        throw new InvalidOperationException($"No new point found for trial {index} after {MaxAttemptsUnenumerable} random draws.");
    }

    /// <summary>The point attempt <paramref name="attempt"/> of trial <paramref name="index"/> draws, before the duplicate test.</summary>
    internal ImmutableArray<double> Draw(int index, int attempt)
    {
        var rng = SplitMix64.For(_seed, index, attempt, Purpose);
        return _space.Draw(ref rng);
    }

    internal static HashSet<ImmutableArray<double>> AskedSet(SearchSpace space, IReadOnlyList<ImmutableArray<double>> asked)
    {
        var seen = new HashSet<ImmutableArray<double>>(asked.Count, PointComparer.Instance);
        foreach (var p in asked)
        {
            space.CheckPoint(p, "asked point");
            // Points outside the space (an older spec's) cannot collide with a new draw and must not count towards exhaustion.
            if (space.Contains(p))
            {
                seen.Add(p);
            }
        }
        return seen;
    }
}
