using System.Collections.Immutable;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Search;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Cluster;
using SweepGrid.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>
/// ASHA on a real cluster: three silo processes (one slot each) on a private PostgreSQL, nine trials on the committed
/// MNIST subset, rungs at epochs 1 and 3 of 6. A silo is killed with kill -9 while trials sit between the rungs; the
/// sweep must still stop exactly the trials an uninterrupted run stops (fuse off, where a resumed trial reproduces its
/// epochs bit for bit), and with fused groups every epoch must be stored once and every decision must follow from
/// the recorded epochs alone.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class EarlyStoppingClusterTests(ITestOutputHelper output)
{
    private const int Epochs = 6;
    private static readonly double[] Decays = [3e-1, 1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 1e-6];
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task An_asha_sweep_whose_silo_is_killed_mid_rung_stops_the_same_trials_as_an_uninterrupted_run()
    {
        await using var cluster = await ChaosCluster.StartAsync(3, new TestOutputWriter(output));
        try
        {
            var calm = await RunAsync(cluster, "asha-calm", "off", kill: false);
            var killed = await RunAsync(cluster, "asha-killed", "off", kill: true);

            Assert.NotEmpty(StopsOf(calm));
            Assert.Equal(StopsOf(calm), StopsOf(killed));
            // A resumed trial reproduces its epochs exactly, which is why the decisions agree.
            foreach (var (a, b) in calm.Zip(killed))
            {
                var common = Math.Min(a.Epochs.Length, b.Epochs.Length);
                Assert.Equal(a.Epochs.Take(common).Select(e => e.TestLoss), b.Epochs.Take(common).Select(e => e.TestLoss));
            }
            AssertDecisionsFollowFromEpochs(killed);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task A_fused_asha_sweep_whose_silo_is_killed_stores_every_epoch_once_and_decides_from_recorded_epochs_only()
    {
        await using var cluster = await ChaosCluster.StartAsync(3, new TestOutputWriter(output));
        try
        {
            var killed = await RunAsync(cluster, "asha-fused", "auto", kill: true);

            Assert.NotEmpty(StopsOf(killed));
            AssertDecisionsFollowFromEpochs(killed);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    [Fact]
    public async Task A_tpe_search_keeps_every_point_it_asked_across_a_kill_9_of_every_silo_and_a_resubmit_runs_none_twice()
    {
        await using var cluster = await ChaosCluster.StartAsync(3, new TestOutputWriter(output));
        try
        {
            const string name = "tpe-killed";
            var yaml = ChaosSpec.Yaml(name, TestData.Root, trainLimit: null, hidden: 32, [1e-4], [1], 3, batchSize: 64, "off")
                .Replace("sweep: { weight_decay: [0.0001], seeds: [1] }", "sweep: { weight_decay: { log_uniform: [1e-6, 1e-1] }, lr: { log_uniform: [1e-3, 0.3] }, seeds: [1] }", StringComparison.Ordinal)
                + "search: { algorithm: tpe, trials: 8, seed: 5, startup_trials: 3, parallel: 3 }\n";
            var submitted = await cluster.Sweep(name).SubmitAsync(yaml, $"{name}.yaml");
            Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
            // Past the random start-up: at least one point proposed by the model.
            var before = await cluster.Grains.WaitForSweepAsync(name, s => s.Trials.Length >= 5, "five configurations asked", Long);
            var asked = before.Trials.Select(t => (t.TrialId, t.Point)).ToList();

            await cluster.KillAllAndRestartAsync();

            var done = await cluster.Grains.WaitForSweepAsync(name, s => s.State == SweepState.Completed, "the search to complete", Long);
            Assert.Equal(8, done.Trials.Length);
            Assert.Equal(8, done.Trials.Select(t => t.TrialId).Distinct().Count());
            // Nothing asked before the kill was lost or asked again differently: the sequence goes on from where it was.
            Assert.Equal(asked, done.Trials.Take(asked.Count).Select(t => (t.TrialId, t.Point)));
            Assert.All(done.Trials, t => Assert.Equal((TrialState.Completed, 3), (t.State, t.Epochs.Length)));

            var again = await cluster.Sweep(name).SubmitAsync(yaml, $"{name}.yaml");
            Assert.Empty(again.NewTrials);
            Assert.Equal(8, (await cluster.Grains.ReadSweepAsync(name))!.Trials.Length);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private async Task<ImmutableArray<TrialInfo>> RunAsync(ChaosCluster cluster, string name, string fuse, bool kill)
    {
        var yaml = ChaosSpec.Yaml(name, TestData.Root, trainLimit: null, hidden: 32, Decays, [1], Epochs, batchSize: 64, fuse)
            + "early_stopping: { algorithm: asha, grace_epochs: 1, reduction_factor: 3 }\n";
        var submitted = await cluster.Sweep(name).SubmitAsync(yaml, $"{name}.yaml");
        Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
        if (kill)
        {
            // Between the rungs: a trial promoted past epoch 1 and not yet at epoch 3.
            var sweep = await cluster.Grains.WaitForSweepAsync(name, s => s.Trials.Any(t => t is { State: TrialState.Running, Epochs.Length: 2 }),
                "a trial running between the rungs (2 epochs recorded)", Long);
            var victim = sweep.Trials.First(t => t is { State: TrialState.Running, Epochs.Length: 2 });
            var silo = cluster.SiloOf(victim.Silo) ?? throw new InvalidOperationException($"no silo process for {victim.Silo}");
            output.WriteLine($"killing silo :{silo.SiloPort}, which runs {victim.TrialId} (wd {victim.Point.WeightDecay}) at epoch 2");
            await cluster.KillAndRestartAsync(silo);
        }
        await cluster.Grains.WaitForSweepAsync(name, s => s.State == SweepState.Completed, $"sweep {name} to complete", Long);
        var stored = await cluster.StoredTrialsAsync(name, submitted.NewTrials);
        Assert.Equal(Decays.Length, stored.Length);
        Assert.All(stored, t =>
        {
            // Every epoch stored once, in order; every trial either trained to the end or stopped at a rung.
            Assert.Equal(Enumerable.Range(1, t.Epochs.Length), t.Epochs.Select(e => e.Epoch));
            Assert.True(t.State is TrialState.Completed or TrialState.Stopped, $"{t.TrialId}: {t.State} {t.Message}");
            if (t.State == TrialState.Completed)
            {
                Assert.Equal(Epochs, t.Epochs.Length);
            }
            else
            {
                Assert.Contains(t.StoppedAt!.Value, new[] { 1, 3 });
                Assert.True(t.Epochs.Length >= t.StoppedAt, $"{t.TrialId} stopped at {t.StoppedAt} with {t.Epochs.Length} epochs");
            }
        });
        foreach (var t in stored)
        {
            output.WriteLine($"{name}: wd {t.Point.WeightDecay:R} {t.State} at {t.StoppedAt?.ToString() ?? "-"} after {t.Epochs.Length} epochs {t.Message}");
        }
        return stored;
    }

    private static ImmutableSortedDictionary<string, int> StopsOf(ImmutableArray<TrialInfo> trials) =>
        trials.Where(t => t.State == TrialState.Stopped).ToImmutableSortedDictionary(t => t.TrialId, t => t.StoppedAt!.Value, StringComparer.Ordinal);

    /// <summary>The recorded epochs, fed to a fresh book in another order than they arrived, make exactly the stored decisions.</summary>
    private static void AssertDecisionsFollowFromEpochs(ImmutableArray<TrialInfo> trials)
    {
        var book = new StoppingBook(new AshaRule(1, 3, minimize: true, "test_loss"), Epochs);
        var last = book.DecisionEpochs[^1];
        // Epoch by epoch across trials, last trial first: nothing like the order the cluster saw them in.
        for (var epoch = 1; epoch <= last; epoch++)
        {
            for (var i = trials.Length - 1; i >= 0; i--)
            {
                if (trials[i].Epochs.Length >= epoch)
                {
                    book.Record(i, epoch, trials[i].Epochs[epoch - 1].TestLoss);
                }
            }
        }
        for (var i = 0; i < trials.Length; i++)
        {
            if (trials[i].State == TrialState.Completed)
            {
                book.End(i, trials[i].Epochs.Length);
            }
        }
        var expected = book.Decisions.Where(d => d.Verdict == StopVerdict.Stop)
            .ToImmutableSortedDictionary(d => trials[d.TrialIndex].TrialId, d => d.Epoch, StringComparer.Ordinal);
        Assert.Equal(expected, StopsOf(trials));
    }
}
