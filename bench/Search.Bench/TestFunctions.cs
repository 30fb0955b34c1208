using System.Collections.Immutable;
using SweepGrid.Contracts.Search;

namespace SweepGrid.Bench.Search;

/// <summary>
/// The samplers on Branin and Hartmann-6, no training involved: the figures bench/optuna_tpe_check.py prints for Optuna's
/// TPESampler and RandomSampler, for the same budget and seed count.
/// </summary>
internal static class TestFunctions
{
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A = { { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };
    private static readonly double[,] P = { { 1312, 1696, 5569, 124, 8283, 5886 }, { 2329, 4135, 8307, 3736, 1004, 9991 }, { 2348, 1451, 3522, 2883, 3047, 6650 }, { 4047, 8828, 8732, 5743, 1091, 381 } };

    public static SortedDictionary<string, object> Run(int budget, int seeds)
    {
        var functions = new SortedDictionary<string, Dictionary<string, double>>(StringComparer.Ordinal)
        {
            ["branin"] = Compare([SearchDimension.Float("x1", -5, 10), SearchDimension.Float("x2", 0, 15)], Branin, budget, seeds),
            ["hartmann6"] = Compare([.. Enumerable.Range(0, 6).Select(j => SearchDimension.Float($"x{j}", 0, 1))], Hartmann6, budget, seeds),
        };
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["tool"] = "sweepgrid",
            ["sampler"] = "TpeSampler(seed s, TpeSettings defaults) and RandomSampler(seed s), s = 1..seeds",
            ["budget"] = budget,
            ["seeds"] = seeds,
            ["functions"] = functions,
            ["minima"] = new Dictionary<string, double> { ["branin"] = 0.397887, ["hartmann6"] = -3.32237 },
        };
    }

    private static Dictionary<string, double> Compare(SearchDimension[] space, Func<ImmutableArray<double>, double> f, int budget, int seeds)
    {
        var tpe = new List<double>();
        var random = new List<double>();
        for (var s = 1; s <= seeds; s++)
        {
            tpe.Add(BestOf(new TpeSampler(space, (ulong)s, new TpeSettings()), f, budget));
            random.Add(BestOf(new RandomSampler(space, (ulong)s), f, budget));
        }
        return new Dictionary<string, double>
        {
            ["tpe_median_best"] = Median(tpe),
            ["tpe_mean_best"] = tpe.Average(),
            ["random_median_best"] = Median(random),
            ["random_mean_best"] = random.Average(),
        };
    }

    private static double BestOf(ISearchSampler sampler, Func<ImmutableArray<double>, double> f, int budget)
    {
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        for (var i = 0; i < budget; i++)
        {
            var p = sampler.Ask(i, asked, observations)!.Value;
            asked.Add(p);
            observations.Add(new SearchObservation(p, f(p), 1, Complete: true));
        }
        return observations.Min(o => o.Value);
    }

    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static double Branin(ImmutableArray<double> x)
    {
        var b = 5.1 / (4 * Math.PI * Math.PI);
        var c = 5 / Math.PI;
        var t = 1 / (8 * Math.PI);
        return Math.Pow(x[1] - (b * x[0] * x[0]) + (c * x[0]) - 6, 2) + (10 * (1 - t) * Math.Cos(x[0])) + 10;
    }

    private static double Hartmann6(ImmutableArray<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 6; j++)
            {
                inner += A[i, j] * Math.Pow(x[j] - (P[i, j] * 1e-4), 2);
            }
            sum += Alpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }
}
