using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>Deleting a sweep removes everything it stored; a running one is refused; the name can then start afresh.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class SweepDeleteTests
{
    [Fact]
    public async Task A_finished_sweep_is_deleted_with_its_trials_checkpoints_and_registry_entry_and_its_name_starts_afresh()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        var sweep = h.Sweep("doomed");
        Assert.True((await sweep.SubmitAsync(ClusterHarness.Spec("doomed", "5e-2, 5e-4", epochs: 2, hidden: 16), "test")).Accepted);
        var done = await h.Client.WaitForSweepAsync("doomed", s => s.State == SweepState.Completed, "the sweep to complete", TimeSpan.FromMinutes(2));
        var checkpoints = Path.Combine(h.Directory, "checkpoints", "doomed");
        Assert.True(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints).Any(), "no checkpoints were written");

        var deleted = await sweep.DeleteAsync();

        Assert.Equal(new DeleteResult(true, 2, null), deleted);
        Assert.Null(await sweep.GetSummaryAsync());
        Assert.DoesNotContain("doomed", await h.Client.GetGrain<ISweepRegistryGrain>(0).ListAsync());
        foreach (var t in done.Trials)
        {
            Assert.Null(await h.Client.GetGrain<ITrialGrain>(TrialIds.GrainKey("doomed", t.TrialId)).GetAsync());
        }
        Assert.False(Directory.Exists(checkpoints), "the sweep's checkpoints are still on disk");
        Assert.Equal(DeleteResult.Refused("no sweep 'doomed'"), await sweep.DeleteAsync());

        // The same spec again is a new sweep: every trial trains from epoch 1, none is "already known".
        var again = await sweep.SubmitAsync(ClusterHarness.Spec("doomed", "5e-2, 5e-4", epochs: 2, hidden: 16), "test");
        Assert.Equal((2, 0), (again.NewTrials.Length, again.ExistingTrials.Length));
        var redone = await h.Client.WaitForSweepAsync("doomed", s => s.State == SweepState.Completed, "the resubmitted sweep to complete", TimeSpan.FromMinutes(2));
        Assert.All(redone.Trials, t => Assert.Equal([1, 2], t.Epochs.Select(e => e.Epoch)));
    }

    [Fact]
    public async Task A_running_sweep_is_refused_until_it_is_cancelled()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        var sweep = h.Sweep("busy");
        Assert.True((await sweep.SubmitAsync(ClusterHarness.Spec("busy", "5e-2, 5e-4, 5e-6", epochs: 50, hidden: 16), "test")).Accepted);
        await h.Client.WaitForSweepAsync("busy", s => s.Trials.Any(t => t.State == TrialState.Running), "a trial to run", TimeSpan.FromMinutes(2));

        var refused = await sweep.DeleteAsync();
        await sweep.CancelAsync();
        await h.Client.WaitForSweepAsync("busy", s => s.Trials.All(t => t.State.IsTerminal()), "every trial to stop", TimeSpan.FromMinutes(2));
        var deleted = await sweep.DeleteAsync();

        Assert.False(refused.Deleted);
        Assert.Equal("sweep 'busy' is running (3 unfinished trials); cancel it first: sweepgrid cancel busy", refused.Refusal);
        Assert.True(deleted.Deleted, deleted.Refusal);
        Assert.Null(await sweep.GetSummaryAsync());
    }
}
