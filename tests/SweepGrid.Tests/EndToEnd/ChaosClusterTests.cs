using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Cluster;
using SweepGrid.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>
/// Faults a real cluster must ride out: three silo processes (one slot each) on a private PostgreSQL, which is
/// cut off for real or whose silos are killed with kill -9 and restarted. Small trials on the committed MNIST
/// subset, so each test takes about a minute.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class ChaosClusterTests(ITestOutputHelper output)
{
    private const int Epochs = 6;
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_sweep_survives_a_postgres_outage_with_no_attempt_counted_as_failed_and_every_epoch_once()
    {
        await RunAsync("pg-outage", async (cluster, watch) =>
        {
            var back = await cluster.CutPostgresOffAsync(TimeSpan.FromSeconds(10));
            var next = await Wait.UntilAsync(() => Task.FromResult(watch.FirstAfter(back, _ => true)), s => s is not null,
                TimeSpan.FromSeconds(30), "an epoch recorded after PostgreSQL came back", _ => SweepWaits.Describe(watch.Latest));
            output.WriteLine($"next epoch {(next!.SeenAt - back).TotalSeconds:F1}s after PostgreSQL's return: {next}");
        });
    }

    [Fact]
    public async Task A_sweep_completes_with_every_epoch_once_after_kill_9_of_the_silo_hosting_the_scheduler()
    {
        await RunAsync("scheduler-host", async (cluster, _) =>
        {
            var before = (await cluster.SchedulerAsync()).Host;
            await cluster.KillAndRestartAsync(await cluster.SchedulerHostAsync());
            var after = await Wait.UntilAsync(cluster.SchedulerAsync, s => s.Host != before, TimeSpan.FromMinutes(1),
                "the scheduler to answer from a live silo", s => s?.Host ?? "no answer");
            output.WriteLine($"scheduler moved from {before} to {after.Host}");
        });
    }

    [Fact]
    public async Task A_sweep_completes_with_every_epoch_once_after_every_silo_is_killed_at_once_and_restarted()
    {
        await RunAsync("whole-cluster", (cluster, _) => cluster.KillAllAndRestartAsync());
    }

    /// <summary>Starts the cluster and a three-trial sweep, injects the fault mid-sweep, then checks the stored trials.</summary>
    private async Task RunAsync(string name, Func<ChaosCluster, EpochWatch, Task> fault)
    {
        var log = new TestOutputWriter(output);
        await using var cluster = await ChaosCluster.StartAsync(3, log);
        try
        {
            var yaml = ChaosSpec.Yaml(name, TestData.Root, trainLimit: null, hidden: 256, [5e-2, 5e-4, 5e-6], [1], Epochs, batchSize: 64, fuse: "off");
            var submitted = await cluster.Sweep(name).SubmitAsync(yaml, $"{name}.yaml");
            Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
            await using var watch = EpochWatch.Start(() => cluster.Grains.ReadSweepAsync(name));
            await cluster.Grains.WaitForSweepAsync(name, s => s.Trials.Any(t => t is { State: TrialState.Running, Epochs.Length: >= 2 }),
                "a trial running with 2 epochs recorded", Long);

            await fault(cluster, watch);

            await cluster.Grains.WaitForSweepAsync(name, s => s.State == SweepState.Completed, "the sweep to complete", Long);
            var stored = await cluster.StoredTrialsAsync(name, submitted.NewTrials);
            Assert.Equal(3, stored.Length);
            Assert.All(stored, t =>
            {
                Assert.Equal(TrialState.Completed, t.State);
                Assert.Equal(0, t.Failures);
                Assert.Equal(Enumerable.Range(1, Epochs), t.Epochs.Select(e => e.Epoch));
            });
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }
}
