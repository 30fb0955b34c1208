using System.Collections.Immutable;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// Independent (univariate) Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna's TPESampler defaults.
/// The first <see cref="TpeSettings.StartupTrials"/> observations come from <see cref="RandomSampler"/> (the same streams);
/// after that the observations split into a good group l and the rest g, and each dimension takes, of
/// <see cref="TpeSettings.Candidates"/> draws from l, the one maximising log l(x) − log g(x). Draws come from a stream
/// seeded by (seed, index, attempt), so the sampler keeps no state.
/// </summary>
public sealed class TpeSampler : ISearchSampler
{
    /// <summary>Rounds of fresh candidates tried when the best point was already asked, before a random point is taken.</summary>
    private const int MaxAttempts = 8;

    private const ulong Purpose = 0x5450455F53414D31UL;

    private readonly SearchSpace _space;
    private readonly RandomSampler _random;
    private readonly ulong _seed;

    public TpeSampler(IReadOnlyList<SearchDimension> dims, ulong seed, TpeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _space = new SearchSpace(dims);
        _random = new RandomSampler(dims, seed);
        _seed = seed;
        Settings = settings;
    }

    public TpeSettings Settings { get; }

    /// <inheritdoc />
    public ImmutableArray<double>? Ask(int index, IReadOnlyList<ImmutableArray<double>> asked, IReadOnlyList<SearchObservation> observations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(observations);
        var seen = RandomSampler.AskedSet(_space, asked);
        var usable = new List<SearchObservation>(observations.Count);
        foreach (var o in observations)
        {
            ArgumentNullException.ThrowIfNull(o, nameof(observations));
            _space.CheckPoint(o.Point, "observation");
            // A point the space cannot produce (an older spec's) says nothing about this space's densities.
            if (_space.Contains(o.Point))
            {
                usable.Add(o);
            }
        }
        if (usable.Count < Settings.StartupTrials)
        {
            return _random.Ask(index, seen);
        }
        if (_space.Size is { } size && seen.Count >= size)
        {
            return null;
        }

        var (below, above) = TpeSplit.Split(usable, TpeSettings.BelowCount(usable.Count));
        var dims = _space.Dimensions;
        var lower = new ParzenEstimator[dims.Length];
        var upper = new ParzenEstimator[dims.Length];
        for (var d = 0; d < dims.Length; d++)
        {
            lower[d] = new ParzenEstimator(dims[d], [.. below.Select(i => usable[i].Point[d])], Settings);
            upper[d] = new ParzenEstimator(dims[d], [.. above.Select(i => usable[i].Point[d])], Settings);
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var rng = SplitMix64.For(_seed, index, attempt, Purpose);
            var point = new double[dims.Length];
            for (var d = 0; d < dims.Length; d++)
            {
                point[d] = BestCandidate(lower[d], upper[d], ref rng);
            }
            var p = ImmutableArray.Create(point);
            if (!seen.Contains(p))
            {
                return p;
            }
        }
        // The model keeps proposing asked points (a small, nearly exhausted space): take a random unasked one.
        return _random.Ask(index, seen);
    }

    private double BestCandidate(ParzenEstimator lower, ParzenEstimator upper, ref SplitMix64 rng)
    {
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Settings.Candidates; c++)
        {
            var x = lower.Sample(ref rng);
            var score = lower.LogPdf(x) - upper.LogPdf(x);
            // np.argmax: the first maximum wins; NaN scores never win unless nothing else exists.
            if (double.IsNaN(best) || score > bestScore)
            {
                best = x;
                bestScore = double.IsNaN(score) ? double.NegativeInfinity : score;
            }
        }
        return best;
    }
}
