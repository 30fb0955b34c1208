using System.Collections.Immutable;
using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

public sealed class TpeSamplerTests
{
    private static readonly SearchDimension[] Mixed =
    [
        SearchDimension.Float("lr", 1e-3, 0.3, log: true),
        SearchDimension.Float("dropout", 0.0, 0.5),
        SearchDimension.Int("width", 16, 512, log: true),
        SearchDimension.Int("layers", 1, 4),
        SearchDimension.Categorical("activation", 3),
    ];

    [Fact]
    public void Startup_trials_are_the_random_samplers_points()
    {
        var tpe = new TpeSampler(Mixed, 17, new TpeSettings());
        var random = new RandomSampler(Mixed, 17);
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 10; i++)
        {
            var p = tpe.Ask(i, asked, observations)!.Value;
            Assert.Equal(random.Ask(i, asked, observations)!.Value.ToArray(), p.ToArray());
            asked.Add(p);
            observations.Add(new SearchObservation(p, i, 1, true));
        }
    }

    [Fact]
    public void The_same_history_gives_the_same_point_and_other_seeds_differ()
    {
        var (asked, observations) = History(Mixed, 30, seed: 4);

        var a = new TpeSampler(Mixed, 99, new TpeSettings()).Ask(30, asked, observations)!.Value;
        var b = new TpeSampler(Mixed, 99, new TpeSettings()).Ask(30, asked, observations)!.Value;
        var c = new TpeSampler(Mixed, 100, new TpeSettings()).Ask(30, asked, observations)!.Value;

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
    }

    [Fact]
    public void Model_based_points_stay_in_bounds_and_integers_are_integral()
    {
        var tpe = new TpeSampler(Mixed, 5, new TpeSettings { StartupTrials = 3 });
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 120; i++)
        {
            var p = tpe.Ask(i, asked, observations)!.Value;
            for (var d = 0; d < Mixed.Length; d++)
            {
                Assert.True(Mixed[d].Contains(p[d]), $"trial {i}: {Mixed[d].Name} = {p[d]} is outside the dimension");
            }
            asked.Add(p);
            observations.Add(new SearchObservation(p, Math.Abs(Math.Log10(p[0]) + 2) + p[1] + (p[4] == 1 ? 0 : 1), 5, i % 3 != 0));
        }
        Assert.Equal(120, asked.Distinct(new PointEquality()).Count());
    }

    [Fact]
    public void A_small_finite_space_is_walked_without_repeats_and_then_exhausted()
    {
        SearchDimension[] space = [SearchDimension.Categorical("c", 4), SearchDimension.Int("n", 0, 2)];
        var tpe = new TpeSampler(space, 8, new TpeSettings { StartupTrials = 2 });
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 12; i++)
        {
            var p = tpe.Ask(i, asked, observations);
            Assert.NotNull(p);
            Assert.DoesNotContain(asked, q => q.SequenceEqual(p.Value));
            asked.Add(p.Value);
            observations.Add(new SearchObservation(p.Value, p.Value[0] + p.Value[1], 1, true));
        }

        Assert.Null(tpe.Ask(12, asked, observations));
    }

    [Fact]
    public void Complete_trials_rank_above_stopped_ones_even_with_worse_values()
    {
        SearchDimension[] space = [SearchDimension.Float("x", 0, 1)];
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 10; i++)
        {
            // Complete trials near 0.9 with a mediocre value; stopped ones near 0.1 with better (partial) values.
            observations.Add(new SearchObservation([0.88 + (0.004 * i)], 1.0, 20, Complete: true));
            observations.Add(new SearchObservation([0.08 + (0.004 * i)], 0.1, 3, Complete: false));
        }
        var asked = observations.Select(o => o.Point).ToList();

        foreach (var seed in Enumerable.Range(0, 10).Select(s => (ulong)s))
        {
            var p = new TpeSampler(space, seed, new TpeSettings()).Ask(20, asked, observations)!.Value;
            Assert.InRange(p[0], 0.6, 1.0);
        }
    }

    [Fact]
    public void Among_stopped_trials_a_later_stop_ranks_above_an_earlier_one()
    {
        SearchDimension[] space = [SearchDimension.Float("x", 0, 1)];
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 10; i++)
        {
            observations.Add(new SearchObservation([0.88 + (0.004 * i)], 0.9, 9, Complete: false));
            observations.Add(new SearchObservation([0.08 + (0.004 * i)], 0.1, 3, Complete: false));
        }
        var asked = observations.Select(o => o.Point).ToList();

        foreach (var seed in Enumerable.Range(0, 10).Select(s => (ulong)s))
        {
            var p = new TpeSampler(space, seed, new TpeSettings()).Ask(20, asked, observations)!.Value;
            Assert.InRange(p[0], 0.6, 1.0);
        }
    }

    [Fact]
    public void When_all_trials_complete_the_better_values_attract_the_next_point()
    {
        SearchDimension[] space = [SearchDimension.Float("x", 0, 1)];
        var observations = new List<SearchObservation>();
        for (var i = 0; i < 10; i++)
        {
            observations.Add(new SearchObservation([0.88 + (0.004 * i)], 1.0, 20, Complete: true));
            observations.Add(new SearchObservation([0.08 + (0.004 * i)], 0.1, 20, Complete: true));
        }
        var asked = observations.Select(o => o.Point).ToList();

        foreach (var seed in Enumerable.Range(0, 10).Select(s => (ulong)s))
        {
            var p = new TpeSampler(space, seed, new TpeSettings()).Ask(20, asked, observations)!.Value;
            Assert.InRange(p[0], 0.0, 0.4);
        }
    }

    [Theory]
    [InlineData("log-quadratic")]
    [InlineData("branin")]
    public void Tpe_finds_better_points_than_random_search_at_the_same_budget(string function)
    {
        var (space, f) = function == "branin"
            ? (SearchLoops.BraninSpace, (Func<ImmutableArray<double>, double>)SearchLoops.Branin)
            : (SearchLoops.LogSpace, SearchLoops.LogQuadratic);
        var seeds = Enumerable.Range(0, 20).Select(s => (ulong)s).ToList();

        var tpe = seeds.Select(s => SearchLoops.BestOf(new TpeSampler(space, s, new TpeSettings()), f, 40)).ToList();
        var random = seeds.Select(s => SearchLoops.BestOf(new RandomSampler(space, s), f, 40)).ToList();

        Assert.True(tpe.Average() < random.Average(), $"mean best of 40: TPE {tpe.Average():G4}, random {random.Average():G4}");
        Assert.True(Median(tpe) < Median(random), $"median best of 40: TPE {Median(tpe):G4}, random {Median(random):G4}");
    }

    [Fact]
    public void Observations_the_space_cannot_produce_are_ignored()
    {
        SearchDimension[] space = [SearchDimension.Categorical("c", 3), SearchDimension.Float("x", 0, 1)];
        var (asked, observations) = History(space, 12, seed: 2);
        var tpe = new TpeSampler(space, 3, new TpeSettings());

        var withStrangers = tpe.Ask(12, asked, [.. observations, new SearchObservation([7, 0.5], -100, 1, true), new SearchObservation([1, 4.0], -100, 1, true)]);

        Assert.Equal(tpe.Ask(12, asked, observations)!.Value.ToArray(), withStrangers!.Value.ToArray());
    }

    [Fact]
    public void Observations_with_the_wrong_number_of_coordinates_are_refused()
    {
        var tpe = new TpeSampler(Mixed, 1, new TpeSettings { StartupTrials = 0 });

        Assert.Throws<ArgumentException>(() => tpe.Ask(1, [], [new SearchObservation([0.5], 1, 1, true)]));
    }

    [Fact]
    public void Unworkable_settings_are_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TpeSampler(Mixed, 1, new TpeSettings { Candidates = 0 }));

        Assert.Contains("candidates", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(24, 3)]
    [InlineData(250, 25)]
    [InlineData(1000, 25)]
    public void The_good_group_is_optunas_default_gamma(int n, int below)
    {
        Assert.Equal(below, TpeSettings.BelowCount(n));
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static (List<ImmutableArray<double>>, List<SearchObservation>) History(SearchDimension[] space, int n, ulong seed)
    {
        var random = new RandomSampler(space, seed);
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        for (var i = 0; i < n; i++)
        {
            var p = random.Ask(i, asked, observations)!.Value;
            asked.Add(p);
            observations.Add(new SearchObservation(p, p.Sum(), 1, true));
        }
        return (asked, observations);
    }

    private sealed class PointEquality : IEqualityComparer<ImmutableArray<double>>
    {
        public bool Equals(ImmutableArray<double> x, ImmutableArray<double> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<double> obj) => obj.Aggregate(17, (h, v) => HashCode.Combine(h, v));
    }
}
