using System.Collections.Immutable;
using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

public sealed class RandomSamplerTests
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
    public void The_same_index_and_history_give_the_same_point()
    {
        var a = new RandomSampler(Mixed, 42);
        var b = new RandomSampler(Mixed, 42);
        var asked = Enumerable.Range(0, 5).Select(i => a.Ask(i, [], [])!.Value).ToList();

        Assert.Equal(a.Ask(5, asked, []), b.Ask(5, asked, []), new NullablePointComparer());
        Assert.Equal(a.Ask(5, asked, []), a.Ask(5, asked, []), new NullablePointComparer());
    }

    [Fact]
    public void Different_seeds_and_indices_give_different_points()
    {
        var a = new RandomSampler(Mixed, 1).Ask(0, [], [])!.Value;
        var b = new RandomSampler(Mixed, 2).Ask(0, [], [])!.Value;
        var c = new RandomSampler(Mixed, 1).Ask(1, [], [])!.Value;

        Assert.NotEqual(a[0], b[0]);
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void Every_kind_stays_in_its_bounds_and_integers_are_integral()
    {
        var sampler = new RandomSampler(Mixed, 7);
        for (var i = 0; i < 2000; i++)
        {
            var p = sampler.Ask(i, [], [])!.Value;
            for (var d = 0; d < Mixed.Length; d++)
            {
                Assert.True(Mixed[d].Contains(p[d]), $"trial {i}: {Mixed[d].Name} = {p[d]} is outside the dimension");
            }
        }
    }

    [Fact]
    public void Log_dimensions_are_uniform_in_log_space()
    {
        var sampler = new RandomSampler([SearchDimension.Float("wd", 1e-6, 1e-1, log: true)], 3);
        var draws = Enumerable.Range(0, 4000).Select(i => Math.Log10(sampler.Ask(i, [], [])!.Value[0])).ToList();

        // Each of the five decades holds about a fifth of the draws (the draws are fixed by the seed).
        for (var decade = -6; decade < -1; decade++)
        {
            var share = draws.Count(x => x >= decade && x < decade + 1) / 4000.0;
            Assert.InRange(share, 0.17, 0.23);
        }
    }

    [Fact]
    public void Never_repeats_an_asked_point_and_returns_null_once_a_finite_space_is_exhausted()
    {
        var sampler = new RandomSampler([SearchDimension.Int("n", 0, 4), SearchDimension.Categorical("c", 2)], 11);
        var asked = new List<ImmutableArray<double>>();
        for (var i = 0; i < 10; i++)
        {
            var p = sampler.Ask(i, asked, []);
            Assert.NotNull(p);
            Assert.DoesNotContain(asked, q => q.SequenceEqual(p.Value));
            asked.Add(p.Value);
        }

        Assert.Equal(10, sampler.SpaceSize);
        Assert.Null(sampler.Ask(10, asked, []));
    }

    [Fact]
    public void A_single_categorical_space_is_exhausted_after_its_choices()
    {
        var sampler = new RandomSampler([SearchDimension.Categorical("optimizer", 3)], 5);
        var asked = new List<ImmutableArray<double>>();
        for (var i = 0; i < 3; i++)
        {
            asked.Add(sampler.Ask(i, asked, [])!.Value);
        }

        Assert.Equal([0.0, 1.0, 2.0], asked.Select(p => p[0]).Order());
        Assert.Null(sampler.Ask(3, asked, []));
    }

    [Fact]
    public void Asked_points_outside_the_space_do_not_count_towards_exhaustion()
    {
        var sampler = new RandomSampler([SearchDimension.Categorical("c", 2)], 5);

        var p = sampler.Ask(2, [ImmutableArray.Create(7.0), ImmutableArray.Create(9.0)], []);

        Assert.NotNull(p);
    }

    [Theory]
    [InlineData(DimensionKind.Float, 1.0, 0.5, false, 0, "low <= high")]
    [InlineData(DimensionKind.Float, 0.0, 1.0, true, 0, "log dimension needs low > 0")]
    [InlineData(DimensionKind.Int, 0.5, 3.0, false, 0, "integer bounds must be integers")]
    [InlineData(DimensionKind.Int, 0.0, 3.0, true, 0, "log dimension needs low > 0")]
    [InlineData(DimensionKind.Categorical, 0.0, 0.0, false, 0, "at least one choice")]
    public void Unsampleable_dimensions_are_refused_by_name(DimensionKind kind, double low, double high, bool log, int choices, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new RandomSampler([new SearchDimension("bad", kind, low, high, log, choices)], 1));

        Assert.Contains("'bad'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_dimension_names_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RandomSampler([SearchDimension.Categorical("c", 2), SearchDimension.Categorical("c", 3)], 1));

        Assert.Contains("'c' appears twice", ex.Message, StringComparison.Ordinal);
    }
}
