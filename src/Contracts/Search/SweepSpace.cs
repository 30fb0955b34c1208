using System.Collections.Immutable;
using System.Globalization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// A random or TPE sweep's space as its sampler sees it: one <see cref="SearchDimension"/> per axis that varies (a list
/// of two or more values is a categorical choice, a range a float or integer dimension), and the way back from a
/// sampled point to the configuration it names. Seeds, activations and losses are not searched: every configuration is
/// trained once per combination of them, as in a grid (see <see cref="TrialIds.Replicas"/>).
/// </summary>
public sealed class SweepSpace
{
    private readonly SweepSpec _spec;
    private readonly List<(SearchDimension Dimension, Func<TrialPoint, double, TrialPoint> Apply)> _axes = [];
    private readonly ImmutableArray<int> _hiddenTemplate;

    private SweepSpace(SweepSpec spec)
    {
        _spec = spec;
        var sweep = spec.Sweep;
        Real("weight_decay", sweep.WeightDecay, (p, v) => p with { WeightDecay = v });
        Real("lr", sweep.Lr, (p, v) => p with { Lr = v });
        Real("momentum", sweep.Momentum, (p, v) => p with { Momentum = v });
        if (sweep.RangeOf("batch_size") is { } batch)
        {
            _axes.Add((Integer(batch), (p, v) => p with { BatchSize = (int)v }));
        }
        else if (sweep.BatchSize.Length > 1)
        {
            var values = sweep.BatchSize;
            _axes.Add((SearchDimension.Categorical("batch_size", values.Length), (p, v) => p with { BatchSize = values[(int)v] }));
        }
        _hiddenTemplate = sweep.Hidden.Length == 1 ? sweep.Hidden[0] : [];
        if (sweep.Hidden.Length > 1)
        {
            var values = sweep.Hidden;
            _axes.Add((SearchDimension.Categorical("hidden", values.Length), (p, v) => p with { Hidden = values[(int)v] }));
        }
        for (var i = 0; i < _hiddenTemplate.Length; i++)
        {
            if (sweep.RangeOf($"hidden[{i}]") is { } layer)
            {
                var at = i;
                _axes.Add((Integer(layer), (p, v) => p with { Hidden = p.Hidden.SetItem(at, (int)v) }));
            }
        }
        Dimensions = [.. _axes.Select(a => a.Dimension)];
    }

    /// <summary>The space of a spec's sweep (any algorithm; a grid's is simply not sampled).</summary>
    public static SweepSpace Of(SweepSpec spec) => new(spec);

    /// <summary>The searched dimensions, in a fixed order: weight_decay, lr, momentum, batch_size, hidden.</summary>
    public ImmutableArray<SearchDimension> Dimensions { get; }

    /// <summary>The sampler of a random or TPE sweep, seeded by its <c>search.seed</c>.</summary>
    public ISearchSampler Sampler() => _spec.Search.Algorithm switch
    {
        SearchAlgorithm.Random => new RandomSampler(Dimensions, unchecked((ulong)_spec.Search.Seed)),
        SearchAlgorithm.Tpe => new TpeSampler(Dimensions, unchecked((ulong)_spec.Search.Seed), new TpeSettings { StartupTrials = _spec.Search.StartupTrials }),
        _ => throw new InvalidOperationException($"a {_spec.Search.Algorithm.Keyword()} sweep is not sampled"),
    };

    /// <summary>
    /// The configuration a sampled point names (seed, activation and loss left for <see cref="TrialIds.Replicas"/>). Sampled
    /// reals are kept to 4 significant digits, which is what reports show and what trial ids are made of.
    /// </summary>
    public TrialPoint Configuration(ImmutableArray<double> point)
    {
        if (point.Length != _axes.Count)
        {
            throw new ArgumentException($"expected a point of {_axes.Count} values, got {point.Length}", nameof(point));
        }
        var sweep = _spec.Sweep;
        var configuration = new TrialPoint(Single(sweep.WeightDecay) ?? 0, 0, default, default)
        {
            Lr = Single(sweep.Lr),
            Momentum = Single(sweep.Momentum),
            BatchSize = sweep.BatchSize.Length == 1 ? sweep.BatchSize[0] : null,
            Hidden = _hiddenTemplate,
        };
        for (var i = 0; i < _axes.Count; i++)
        {
            configuration = _axes[i].Apply(configuration, point[i]);
        }
        return configuration;
    }

    private void Real(string axis, ImmutableArray<double> values, Func<TrialPoint, double, TrialPoint> apply)
    {
        if (_spec.Sweep.RangeOf(axis) is { } range)
        {
            _axes.Add((SearchDimension.Float(axis, range.Low, range.High, range.IsLog), (p, v) => apply(p, Round(v))));
        }
        else if (values.Length > 1)
        {
            _axes.Add((SearchDimension.Categorical(axis, values.Length), (p, v) => apply(p, values[(int)v])));
        }
    }

    private static SearchDimension Integer(ParameterRange range) => SearchDimension.Int(range.Axis, (long)range.Low, (long)range.High, range.IsLog);

    private static double? Single(ImmutableArray<double> values) => values.Length == 1 ? values[0] : null;

    private static double Round(double v) => double.Parse(v.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
