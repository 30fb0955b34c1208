using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Grains;
using Xunit;

namespace SweepGrid.Tests.Storage;

/// <summary>What a trial writes per epoch does not grow with the epochs it has recorded.</summary>
public sealed class TrialStateSizeTests
{
    // A client host's serializer, built and never started: the codecs and deserialization hooks silos use.
    private static readonly Serializer Serializer = new HostBuilder().UseOrleansClient(c => c.UseLocalhostClustering()).Build()
        .Services.GetRequiredService<Serializer>();

    [Fact]
    public void The_trial_state_written_at_epoch_500_is_the_size_of_the_one_written_at_epoch_1()
    {
        var state = new TrialGrainState
        {
            Spec = SpecParser.Parse(Cluster.ClusterHarness.Spec("sized", "5e-4", epochs: 500)),
            Point = new TrialPoint(5e-4, 1, Contracts.Spec.HiddenActivation.Relu, Contracts.Spec.LossFunction.CrossEntropy),
            State = TrialState.Running,
        };
        state.Record(Epoch(1));
        var first = Serializer.SerializeToArray(state).Length;
        for (var e = 2; e <= 500; e++)
        {
            state.Record(Epoch(e));
        }
        var last = Serializer.SerializeToArray(state).Length;

        // Only the epoch numbers' variable-length encoding may add a byte or two.
        Assert.InRange(last - first, 0, 4);
        Assert.Equal((500, Epoch(500)), (state.EpochCount, state.Latest));
    }

    [Fact]
    public void The_best_test_accuracy_is_kept_across_epochs_and_ignores_a_diverged_one()
    {
        var state = new TrialGrainState();
        state.Record(Epoch(1) with { TestAccuracy = 0.8 });
        state.Record(Epoch(2) with { TestAccuracy = 0.7 });
        state.Record(Epoch(3) with { TestAccuracy = double.NaN });

        Assert.Equal(0.8, state.BestTestAccuracy);
        Assert.Equal(3, state.EpochCount);
    }

    private static EpochRecord Epoch(int n) => new(n, 1.0 / n, 0.5, 1.1 / n, 0.45, 2.25, 31_337.5);
}
