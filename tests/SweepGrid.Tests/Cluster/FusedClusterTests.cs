using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>resources.fuse through the cluster: groups form, members keep their own state, recovery and outcomes.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class FusedClusterTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    // float32 batched matmuls round differently from single ones, so fused and unfused float32 runs agree closely
    // but not bit for bit (the float64 equivalence tests in Fused/ pin exactness).
    private const double Tolerance = 2e-3;

    [Fact]
    public async Task Fuse_auto_trains_the_grid_as_one_group_and_chooses_what_fuse_off_chooses()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        const string decays = "5e-2, 5e-4, 5e-6";
        await h.Sweep("fused").SubmitAsync(ClusterHarness.Spec("fused", decays, epochs: 3).Replace("fuse: off", "fuse: auto"), "test");
        await h.Sweep("alone").SubmitAsync(ClusterHarness.Spec("alone", decays, epochs: 3), "test");

        var fused = await h.Client.WaitForSweepAsync("fused", s => s.State == SweepState.Completed, "the fused sweep", Long);
        var alone = await h.Client.WaitForSweepAsync("alone", s => s.State == SweepState.Completed, "the unfused sweep", Long);

        Assert.All(fused.Trials, t => Assert.Equal(fused.Trials.Select(o => o.TrialId).Where(id => id != t.TrialId).Order(), t.FusedWith.Order()));
        Assert.All(alone.Trials, t => Assert.Empty(t.FusedWith));
        Assert.Equal(SweepAnalysis.Of(alone).Selection.Winner!.Configuration, SweepAnalysis.Of(fused).Selection.Winner!.Configuration);
        foreach (var (f, a) in fused.Trials.Zip(alone.Trials))
        {
            Assert.Equal(a.Point, f.Point);
            Assert.Equal([1, 2, 3], f.Epochs.Select(e => e.Epoch));
            foreach (var (fe, ae) in f.Epochs.Zip(a.Epochs))
            {
                Assert.Equal(ae.TestLoss, fe.TestLoss, Tolerance);
                Assert.Equal(ae.TrainLoss, fe.TrainLoss, Tolerance);
                Assert.Equal(ae.TestAccuracy, fe.TestAccuracy, Tolerance);
            }
        }
    }

    [Fact]
    public async Task A_diverging_member_ends_alone_while_the_rest_of_its_group_completes()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        await h.Sweep("fdiv").SubmitAsync(ClusterHarness.Spec("fdiv", "5e-4, 1e4", epochs: 3).Replace("fuse: off", "fuse: auto"), "test");

        var done = await h.Client.WaitForSweepAsync("fdiv", s => s.State == SweepState.Completed, "the sweep", Long);

        var diverged = done.Trials.Single(t => t.Point.WeightDecay == 1e4);
        var healthy = done.Trials.Single(t => t.Point.WeightDecay == 5e-4);
        Assert.Equal(TrialState.Diverged, diverged.State);
        Assert.StartsWith("diverged at epoch", diverged.Message);
        Assert.Equal(TrialState.Completed, healthy.State);
        Assert.Equal([1, 2, 3], healthy.Epochs.Select(e => e.Epoch));
        Assert.Equal([diverged.TrialId], healthy.FusedWith.ToArray());
    }

    [Fact]
    public async Task A_fused_group_resumes_on_another_silo_after_its_silo_is_killed()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1, 1);
        const int epochs = 10;
        await h.Sweep("fkill").SubmitAsync(ClusterHarness.Spec("fkill", "5e-3, 5e-4, 5e-5", epochs, hidden: 256).Replace("fuse: off", "fuse: auto"), "test");

        var running = await h.Client.WaitForSweepAsync("fkill", s => s.Trials.All(t => t is { State: TrialState.Running, Epochs.Length: >= 2 }),
            "the group to record 2 epochs", Long);
        var victim = h.Cluster.Silos.Single(s => h.SlotsOf(s).Silo == running.Trials[0].Silo);
        await h.Cluster.KillSiloAsync(victim);

        var done = await h.Client.WaitForSweepAsync("fkill", s => s.State == SweepState.Completed, "the group to finish elsewhere", Long);
        Assert.All(done.Trials, t =>
        {
            Assert.Equal(TrialState.Completed, t.State);
            Assert.Equal(Enumerable.Range(1, epochs), t.Epochs.Select(e => e.Epoch));
            Assert.NotEqual(running.Trials[0].Silo, t.Silo);
            Assert.Equal(2, t.FusedWith.Length);
        });
    }
}
