using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>A submit prepares trials many at a time and queues them in batches, still in the spec's grid order.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class SubmitBatchTests
{
    [Fact]
    public async Task A_submit_larger_than_a_batch_queues_every_trial_once_in_grid_order()
    {
        await using var h = await ClusterHarness.StartAsync(0);
        var yaml = ClusterHarness.Spec("batched", "5e-2", epochs: 1, hidden: 8)
            .Replace("sweep: { weight_decay: [5e-2] }", "sweep: { weight_decay: { log_range: { min: 1e-9, max: 1e-1, count: 300 } }, seeds: [1, 2] }");

        var submitted = await h.Sweep("batched").SubmitAsync(yaml, "test");
        var atAnswer = (await h.Client.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync()).Queued;
        // The first batch is queued before the answer, the rest right behind it.
        var queued = await Wait.UntilAsync(async () => (await h.Client.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync()).Queued,
            q => q.Length == 600, TimeSpan.FromMinutes(1), "every trial to be queued", q => $"{q.Length} queued");
        var sweep = await h.Client.ReadSweepAsync("batched");

        Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
        var grid = TrialIds.Expand(SpecParser.Parse(yaml)).Select(t => TrialIds.GrainKey("batched", t.TrialId)).ToList();
        Assert.Equal(600, grid.Count);
        Assert.InRange(atAnswer.Length, 256, 600);
        Assert.Equal(grid[..atAnswer.Length], atAnswer);
        Assert.Equal(grid, queued);
        Assert.All(sweep!.Trials, t => Assert.Equal(TrialState.Queued, t.State));
    }

    [Fact]
    public async Task A_sweep_cancelled_while_its_trials_are_prepared_queues_none_of_the_rest()
    {
        await using var h = await ClusterHarness.StartAsync(0);
        var yaml = ClusterHarness.Spec("halted", "5e-2", epochs: 1, hidden: 8)
            .Replace("sweep: { weight_decay: [5e-2] }", "sweep: { weight_decay: { log_range: { min: 1e-9, max: 1e-1, count: 500 } }, seeds: [1, 2] }");

        Assert.True((await h.Sweep("halted").SubmitAsync(yaml, "test")).Accepted);
        await h.Sweep("halted").CancelAsync();
        // Reconciliation runs every second here: give it a few rounds to (wrongly) create or queue anything.
        var sweep = await Wait.UntilAsync(() => h.Client.ReadSweepAsync("halted"), s => s!.Trials.All(t => t.State is TrialState.Cancelled or TrialState.Pending),
            TimeSpan.FromMinutes(1), "every prepared trial to be cancelled", s => string.Join(",", s!.Trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}")));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var queued = (await h.Client.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync()).Queued;

        Assert.Equal(SweepState.Cancelled, sweep!.State);
        Assert.DoesNotContain(queued, k => k.StartsWith("halted/", StringComparison.Ordinal));
        Assert.All((await h.Client.ReadSweepAsync("halted"))!.Trials, t => Assert.True(t.State is TrialState.Cancelled or TrialState.Pending, $"{t.TrialId} is {t.State}"));
    }
}
