using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>Faults that touch one member of a fused group, and a trial that takes its silo down with it.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class GroupAndSiloFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_fused_member_that_fails_to_start_is_queued_again_alone_while_its_partners_train_fused()
    {
        var yaml = ClusterHarness.Spec("group-begin", "5e-2, 5e-4, 5e-6", epochs: 3).Replace("fuse: off", "fuse: auto");
        var victim = TrialIds.Expand(SpecParser.Parse(yaml))[1].TrialId;
        var faults = new FaultPlan { FailBeginOf = victim };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        await h.Sweep("group-begin").SubmitAsync(yaml, "test");

        var done = await h.Client.WaitForSweepAsync("group-begin", s => s.State == SweepState.Completed, "every member to complete", Patience);

        Assert.Equal(1, faults.Fired("begin:" + victim));
        FaultInjectionTests.AssertExactlyOnce(done, 3);
        Assert.Contains(2, h.Recorder.Groups);
    }

    [Fact]
    public async Task A_fused_member_whose_epoch_reports_fail_stops_alone_and_its_partners_finish_fused()
    {
        var yaml = ClusterHarness.Spec("group-stale", "5e-2, 5e-4", epochs: 4).Replace("fuse: off", "fuse: auto");
        var faults = new FaultPlan { RequeueBeforeEpoch = 2 };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        await h.Sweep("group-stale").SubmitAsync(yaml, "test");

        var done = await h.Client.WaitForSweepAsync("group-stale", s => s.State == SweepState.Completed, "both members to complete", Patience);

        // Each member's lease went stale once at epoch 2; each resumed from its own last accepted checkpoint.
        Assert.Equal(2, faults.Fired("requeue"));
        FaultInjectionTests.AssertExactlyOnce(done, 4);
        Assert.Equal(2, h.Recorder.Groups.First());
    }

    [Fact]
    public async Task A_trial_that_kills_its_silo_ends_failed_after_its_silo_death_limit_while_the_rest_complete()
    {
        var yaml = ClusterHarness.Spec("killer", "0.321, 5e-4", epochs: 3, extra: "").Replace("max_failures: 1", "max_failures: 1, max_silo_deaths: 2");
        var release = new ManualResetEventSlim();
        await using var h = await ClusterHarness.StartAsync(0, 1, 1);
        var killed = 0;
        h.Recorder.OnStart = job =>
        {
            if (job.Point.WeightDecay != 0.321)
            {
                return;
            }
            // As an out-of-memory kill would: the silo goes away mid-attempt and this slot never speaks again.
            var silo = CurrentSiloOf(h, job);
            var mine = h.LiveSlotSilos().Single(s => s.Slots.Silo == silo).Silo;
            Interlocked.Increment(ref killed);
            _ = Task.Run(() => h.Cluster.KillSiloAsync(mine));
            release.Wait();
        };
        try
        {
            await h.Sweep("killer").SubmitAsync(yaml, "test");
            var deadline = DateTime.UtcNow + Patience;
            SweepInfo? done = null;
            while (done?.State != SweepState.Completed)
            {
                Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalSeconds:F0}s for the killer trial to fail and the other to complete; " +
                    $"last: {string.Join("; ", done?.Trials.Select(t => $"{t.State} {t.Epochs.Length} {t.Message}") ?? [])}");
                // Keep two slot silos alive, as a cluster's restart policy would.
                if (h.LiveSlotSilos().Count < 2)
                {
                    await h.Cluster.StartAdditionalSiloAsync();
                }
                try
                {
                    done = await h.Client.ReadSweepAsync("killer");
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // The sweep grain may live on the silo being killed (refused, or no answer before it died): ask again.
                }
                await Task.Delay(100);
            }

            var killer = done.Trials.Single(t => t.Point.WeightDecay == 0.321);
            Assert.Equal(TrialState.Failed, killer.State);
            Assert.StartsWith("its silo died during 2 attempts in a row that recorded no epoch; last at epoch 1", killer.Message);
            Assert.Equal(0, killer.Failures);
            Assert.Equal(2, Volatile.Read(ref killed));
            var other = done.Trials.Single(t => t.Point.WeightDecay == 5e-4);
            Assert.Equal((TrialState.Completed, 3), (other.State, other.Epochs.Length));
        }
        finally
        {
            release.Set();
        }
    }

    private static string CurrentSiloOf(ClusterHarness h, Silo.Execution.TrialJob job) =>
        h.Client.GetGrain<Contracts.Grains.ITrialGrain>(TrialIds.GrainKey(job.SweepId, job.TrialId)).GetAsync().GetAwaiter().GetResult()!.Silo!;
}
