using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Cluster;
using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>Real parts: PostgreSQL, three silo processes, the client over the gateway list in PostgreSQL, and kill -9.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class MultiProcessClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_completes_after_kill_9_of_a_silo_process_with_every_epoch_recorded_once()
    {
        var db = await PostgresServer.CreateDatabaseAsync("e2e");
        var clusterId = $"e2e-{Guid.NewGuid():N}"[..16];
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(db, clusterId, slots: 1)).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromMinutes(2))));
            await using var client = await ClusterConnection.ConnectAsync(db, clusterId, clusterId, TimeSpan.FromSeconds(30), CancellationToken.None);
            const int epochs = 10;
            var submitted = await client.Grains.GetGrain<ISweepGrain>("e2e").SubmitAsync(ClusterHarness.Spec("e2e", "5e-2, 5e-4, 5e-6", epochs, hidden: 256), "e2e.yaml");
            Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));

            var running = await client.Grains.WaitForSweepAsync("e2e", s => s.Trials.FirstOrDefault(t => t is { State: TrialState.Running, Epochs.Length: >= 2 }) is not null,
                "a trial with 2 epochs running", TimeSpan.FromMinutes(3));
            var victimTrial = running.Trials.First(t => t is { State: TrialState.Running, Epochs.Length: >= 2 });
            var victim = silos.Single(s => victimTrial.Silo!.Contains($":{s.SiloPort}@", StringComparison.Ordinal));
            victim.KillHard();
            output.WriteLine($"killed silo :{victim.SiloPort} running {victimTrial.TrialId} at epoch {victimTrial.Epochs.Length}");

            var done = await client.Grains.WaitForSweepAsync("e2e", s => s.State == SweepState.Completed, "the sweep to complete", TimeSpan.FromMinutes(5));
            Assert.All(done.Trials, t =>
            {
                Assert.Equal(TrialState.Completed, t.State);
                Assert.Equal(Enumerable.Range(1, epochs), t.Epochs.Select(e => e.Epoch));
            });
            var resumed = done.Trials.Single(t => t.TrialId == victimTrial.TrialId);
            Assert.True(resumed.Resumes >= 1, "the killed silo's trial was not resumed");
            Assert.DoesNotContain($":{victim.SiloPort}@", resumed.Silo);
        }
        finally
        {
            foreach (var s in silos)
            {
                output.WriteLine($"--- silo :{s.SiloPort}\n{s.Log}");
                s.Dispose();
            }
            await PostgresServer.DropDatabaseAsync(db);
        }
    }
}
