using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
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
        var queued = (await h.Client.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync()).Queued;
        var sweep = await h.Client.ReadSweepAsync("batched");

        Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
        var grid = TrialIds.Expand(SpecParser.Parse(yaml)).Select(t => TrialIds.GrainKey("batched", t.TrialId)).ToList();
        Assert.Equal(600, grid.Count);
        Assert.Equal(grid, queued);
        Assert.All(sweep!.Trials, t => Assert.Equal(TrialState.Queued, t.State));
    }
}
