using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>A trial keeps the spec narrowed to its point: the same training, a size that does not grow with the grid.</summary>
public sealed class TrialSpecTests
{
    private static SweepSpec Grid(int count) => SpecParser.Parse($$"""
        name: wide
        data: { dataset: synthetic }
        model: { hidden: [8], activation: relu }
        optimizer: { lr: 0.05, momentum: 0.9 }
        sweep: { weight_decay: { log_range: { min: 1e-9, max: 1e-1, count: {{count}} } }, seeds: [1, 2], activation: [relu, tanh] }
        epochs: 3
        batch_size: 64
        resources: { device: cpu, fuse: auto }
        """);

    [Fact]
    public void Every_trial_of_a_grid_trains_the_same_from_its_narrowed_spec_with_the_same_id_and_fuse_key()
    {
        var spec = Grid(50);
        foreach (var (id, point) in TrialIds.Expand(spec))
        {
            var own = TrialIds.TrialSpec(spec, point);
            Assert.Equal(TrialConfigs.From(spec, point).ToString(), TrialConfigs.From(own, point).ToString());
            Assert.Equal(id, TrialIds.Of(own, point));
            Assert.Equal(FuseKeys.Of(spec, point), FuseKeys.Of(own, point));
            Assert.Equal(FuseKeys.MaxGroup(spec, 16), FuseKeys.MaxGroup(own, 16));
            Assert.Equal(TrialIds.BaseFingerprint(spec), TrialIds.BaseFingerprint(own));
            Assert.Equal([(id, point)], TrialIds.Expand(own));
        }
    }

    [Fact]
    public void A_trial_spec_holds_four_axis_values_whether_its_grid_tries_ten_or_thousands()
    {
        static int Values(SweepSpec s) => s.Sweep.WeightDecay.Length + s.Sweep.Seeds.Length + s.Sweep.Activation.Length + s.Sweep.Loss.Length;
        var small = Grid(10);
        var large = Grid(2_500);

        Assert.Equal(4, Values(TrialIds.TrialSpec(small, TrialIds.Expand(small)[0].Point)));
        Assert.Equal(4, Values(TrialIds.TrialSpec(large, TrialIds.Expand(large)[^1].Point)));
        Assert.Equal(2_504, Values(large));
    }
}
