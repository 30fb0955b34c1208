using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>Proposes the next trial's point. Implementations are pure: no state changes between calls.</summary>
public interface ISearchSampler
{
    /// <summary>
    /// The point for trial <paramref name="index"/>. The same sampler settings, index, <paramref name="asked"/> and
    /// <paramref name="observations"/> give the same point. <paramref name="asked"/> holds every point asked so far
    /// (finished or not); the result differs from all of them. Null when a finite space has no point left.
    /// </summary>
    /// <param name="observations">Finished and stopped trials, in trial index order.</param>
    ImmutableArray<double>? Ask(int index, IReadOnlyList<ImmutableArray<double>> asked, IReadOnlyList<SearchObservation> observations);
}
