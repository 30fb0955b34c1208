using SweepGrid.Contracts.Search;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>The search space, search and early-stopping blocks of a spec: what they read as, and what they refuse.</summary>
public sealed class SearchSpecTests
{
    private const string Head = "name: s\ndata: { dataset: synthetic }\nmodel: { hidden: [16, 8] }\noptimizer: { lr: 0.05, momentum: 0.9 }\nepochs: 6\n";

    private static SweepSpec Parse(string rest) => SpecParser.Parse(Head + rest);

    private static List<string> Problems(string rest) =>
        [.. Assert.Throws<SpecException>(() => SpecParser.Parse(Head + rest)).Problems.Select(p => p.ToString())];

    [Fact]
    public void A_tpe_search_with_asha_reads_its_ranges_settings_and_defaults()
    {
        var spec = Parse("""
            sweep:
              weight_decay: { log_uniform: { min: 1e-6, max: 1e-1 } }
              lr: { log_uniform: [1e-3, 0.3] }
              momentum: { uniform: [0.5, 0.95] }
              batch_size: { int_uniform: { min: 16, max: 256, log: true } }
            search: { algorithm: tpe, trials: 24, seed: 7 }
            early_stopping: { algorithm: asha, grace_epochs: 1, reduction_factor: 3 }
            """);

        Assert.Equal(SearchAlgorithm.Tpe, spec.Search.Algorithm);
        Assert.Equal((24, 7L, 10, 10), (spec.Search.Trials, spec.Search.Seed, spec.Search.StartupTrials, spec.Search.Parallel));
        Assert.Equal<ParameterRange>(
            [new ParameterRange("weight_decay", RangeKind.LogUniform, 1e-6, 1e-1), new ParameterRange("lr", RangeKind.LogUniform, 1e-3, 0.3),
             new ParameterRange("momentum", RangeKind.Uniform, 0.5, 0.95), new ParameterRange("batch_size", RangeKind.IntLogUniform, 16, 256)],
            spec.Sweep.Ranges);
        Assert.Empty(spec.Sweep.WeightDecay);
        // Early stopping defaults to the selection's metric and mode.
        Assert.Equal((StoppingAlgorithm.Asha, Metric.TestLoss, SelectionGoal.Min, 1, 3), (spec.EarlyStopping.Algorithm, spec.EarlyStopping.Metric, spec.EarlyStopping.Mode, spec.EarlyStopping.GraceEpochs, spec.EarlyStopping.ReductionFactor));
    }

    [Fact]
    public void A_spec_without_search_is_a_grid_without_early_stopping_whose_trial_ids_are_unchanged()
    {
        var spec = Parse("sweep: { weight_decay: [5e-2, 5e-4] }\n");

        Assert.Same(SearchSpec.Grid, spec.Search);
        Assert.False(spec.EarlyStopping.Enabled);
        // The id of a trial that varies nothing new is the hash it always was (as the stored-state fixtures also check).
        Assert.DoesNotContain("stop=", TrialIds.BaseFingerprint(spec), StringComparison.Ordinal);
        Assert.All(TrialIds.Expand(spec), t => Assert.Null(t.Point.Lr));
    }

    [Fact]
    public void A_grid_over_decay_lr_and_architectures_expands_in_nesting_order_and_trains_what_each_point_says()
    {
        var spec = Parse("sweep: { weight_decay: [1e-4, 1e-3], lr: [0.01, 0.1], hidden: [[16, 8], [32, 16]], seeds: [1, 2] }\n");

        var grid = TrialIds.Expand(spec);

        Assert.Equal(16, grid.Count);
        Assert.Equal(16, grid.Select(t => t.TrialId).Distinct().Count());
        Assert.Equal((1e-4, 0.01, "16-8", 1L), (grid[0].Point.WeightDecay, grid[0].Point.Lr, string.Join('-', grid[0].Point.Hidden), grid[0].Point.Seed));
        Assert.Equal((1e-3, 0.1, "32-16", 2L), (grid[^1].Point.WeightDecay, grid[^1].Point.Lr, string.Join('-', grid[^1].Point.Hidden), grid[^1].Point.Seed));
        var config = TrialConfigs.From(spec, grid[^1].Point);
        Assert.Equal((0.1, 0.9, 1e-3), (config.LearningRate, config.Momentum, config.WeightDecay));
        Assert.Equal([32, 16], config.Hidden);
        foreach (var (id, point) in grid)
        {
            // A trial's own narrowed spec trains the same, under the same id and fuse key.
            var own = TrialIds.TrialSpec(spec, point);
            Assert.Equal(TrialConfigs.From(spec, point).ToString(), TrialConfigs.From(own, point).ToString());
            Assert.Equal(id, TrialIds.Of(own, point));
            Assert.Equal(FuseKeys.Of(spec, point), FuseKeys.Of(own, point));
            Assert.Equal([(id, point)], TrialIds.Expand(own));
        }
        // Learning rate may differ inside a fused group; the architecture may not.
        Assert.Equal(FuseKeys.Of(spec, grid[0].Point), FuseKeys.Of(spec, grid[4].Point));
        Assert.NotEqual(FuseKeys.Of(spec, grid[0].Point), FuseKeys.Of(spec, grid[2].Point));
    }

    [Fact]
    public void A_sampled_point_becomes_a_configuration_in_its_ranges_rounded_to_four_digits()
    {
        var spec = Parse("""
            sweep:
              weight_decay: { log_uniform: { min: 1e-6, max: 1e-1 } }
              lr: [0.01, 0.1, 0.3]
              hidden: [{ int_uniform: [8, 64] }, 8]
              seeds: [1, 2]
            search: { algorithm: random, trials: 20, seed: 3 }
            """);
        var space = SweepSpace.Of(spec);
        var sampler = space.Sampler();

        Assert.Equal(["weight_decay", "lr", "hidden[0]"], space.Dimensions.Select(d => d.Name));
        var asked = new List<System.Collections.Immutable.ImmutableArray<double>>();
        for (var i = 0; i < 20; i++)
        {
            var point = sampler.Ask(i, asked, [])!.Value;
            asked.Add(point);
            var c = space.Configuration(point);
            Assert.InRange(c.WeightDecay, 1e-6, 1e-1);
            Assert.Equal(c.WeightDecay, double.Parse(c.WeightDecay.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(c.Lr!.Value, new[] { 0.01, 0.1, 0.3 });
            Assert.InRange(c.Hidden[0], 8, 64);
            Assert.Equal(8, c.Hidden[1]);
            Assert.Equal([1L, 2L], TrialIds.Replicas(spec, c).Select(t => t.Point.Seed));
        }
        // The same seed proposes the same configurations.
        var again = SweepSpace.Of(spec).Sampler().Ask(0, [], []);
        Assert.Equal<double>(asked[0], again!.Value);
    }

    [Theory]
    [InlineData("sweep: { weight_decay: { log_uniform: [1e-6, 1e-1] } }\n",
        "sweep.weight_decay: is a range (log_uniform); a grid needs values: list them, or set search: { algorithm: random | tpe, trials: N }")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nsearch: { algorithm: random }\n",
        "search.trials: is required for random search: the number of configurations to try")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nsearch: { algorithm: grid, trials: 5 }\n",
        "search.trials: only applies to random and tpe search; a grid tries every combination of the listed values")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nsearch: { algorithm: bayes, trials: 5 }\n",
        "search.algorithm: must be one of grid, random, tpe, got 'bayes'")]
    [InlineData("sweep: { weight_decay: [1e-4], lr: { log_uniform: { min: 0, max: 1 } } }\nsearch: { algorithm: random, trials: 5 }\n",
        "sweep.lr.log_uniform.min: must be > 0 for a log scale, got 0")]
    [InlineData("sweep: { weight_decay: [1e-4], momentum: [0.5, 1.0] }\n",
        "sweep.momentum[1]: must be >= 0 and < 1, got 1")]
    [InlineData("sweep: { weight_decay: [1e-4], lr: { uniform: [0.3, 0.1] } }\nsearch: { algorithm: random, trials: 5 }\n",
        "sweep.lr.uniform.max: must be >= min (0.3), got 0.1")]
    [InlineData("sweep: { weight_decay: [1e-4], batch_size: { int_uniform: [64, 32] } }\nsearch: { algorithm: random, trials: 5 }\n",
        "sweep.batch_size.int_uniform.max: must be > min (64), got 32")]
    [InlineData("sweep: { weight_decay: [1e-4], lr: { normal: [0, 1] } }\n",
        "sweep.lr.normal: unknown key (expected one of: log_range, log_uniform, uniform, choice)")]
    [InlineData("sweep: { weight_decay: [1e-4], hidden: [[16], 8] }\n",
        "sweep.hidden: mixes architectures (lists of widths) with layers; give either [[256, 128], [512, 256]] or [{ int_uniform: [64, 512] }, 128]")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nearly_stopping: { algorithm: asha, grace_epochs: 6 }\n",
        "early_stopping.grace_epochs: must be less than epochs (6) for any trial to be stopped, got 6")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nearly_stopping: { algorithm: median, reduction_factor: 3 }\n",
        "early_stopping.reduction_factor: only applies to asha, not median")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nearly_stopping: { algorithm: asha, reduction_factor: 1 }\n",
        "early_stopping.reduction_factor: must be between 2 and 100, got 1")]
    [InlineData("sweep: { weight_decay: [1e-4] }\nearly_stopping: { algorithm: hyperband }\n",
        "early_stopping.algorithm: must be one of none, asha, median, got 'hyperband'")]
    [InlineData("sweep: { weight_decay: [1e-4], seeds: [1, 2] }\nsearch: { algorithm: tpe, trials: 6000 }\n",
        "search.trials: 6,000 configurations, each once per seed, activation and loss, is 12,000 trials; the limit is 10,000 per sweep")]
    public void A_bad_search_space_or_setting_is_refused_naming_its_path(string rest, string expected)
    {
        Assert.Contains(expected, Problems(rest));
    }

    [Fact]
    public void Early_stopping_is_part_of_what_a_sweep_is_so_adding_it_changes_the_fingerprint()
    {
        var plain = Parse("sweep: { weight_decay: [1e-4] }\n");
        var asha = Parse("sweep: { weight_decay: [1e-4] }\nearly_stopping: { algorithm: asha }\n");

        Assert.NotEqual(TrialIds.BaseFingerprint(plain), TrialIds.BaseFingerprint(asha));
        Assert.StartsWith(TrialIds.BaseFingerprint(plain), TrialIds.BaseFingerprint(asha), StringComparison.Ordinal);
    }
}
