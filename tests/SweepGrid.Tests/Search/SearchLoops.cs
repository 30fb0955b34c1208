using System.Collections.Immutable;
using SweepGrid.Contracts.Search;

namespace SweepGrid.Tests.Search;

/// <summary>Sequential ask/tell on test functions.</summary>
internal static class SearchLoops
{
    public static readonly SearchDimension[] LogSpace =
    [
        SearchDimension.Float("weight_decay", 1e-6, 1e-1, log: true),
        SearchDimension.Float("lr", 1e-3, 0.3, log: true),
    ];

    public static readonly SearchDimension[] BraninSpace =
    [
        SearchDimension.Float("x1", -5, 10),
        SearchDimension.Float("x2", 0, 15),
    ];

    /// <summary>A bowl in log space with its minimum (0) inside the range, at weight_decay 1e-4 and lr 0.06.</summary>
    public static double LogQuadratic(ImmutableArray<double> p) =>
        Math.Pow(Math.Log10(p[0]) + 4, 2) + Math.Pow(Math.Log10(p[1]) + 1.2, 2);

    /// <summary>Branin-Hoo; global minimum 0.397887.</summary>
    public static double Branin(ImmutableArray<double> p)
    {
        var (x1, x2) = (p[0], p[1]);
        var b = 5.1 / (4 * Math.PI * Math.PI);
        var c = 5 / Math.PI;
        var t = 1 / (8 * Math.PI);
        return Math.Pow(x2 - (b * x1 * x1) + (c * x1) - 6, 2) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    /// <summary>The best value after <paramref name="budget"/> trials of sequential ask/tell.</summary>
    public static double BestOf(ISearchSampler sampler, Func<ImmutableArray<double>, double> f, int budget)
    {
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        var best = double.PositiveInfinity;
        for (var i = 0; i < budget; i++)
        {
            var p = sampler.Ask(i, asked, observations) ?? throw new InvalidOperationException("space exhausted");
            asked.Add(p);
            var v = f(p);
            observations.Add(new SearchObservation(p, v, 1, Complete: true));
            best = Math.Min(best, v);
        }
        return best;
    }
}
