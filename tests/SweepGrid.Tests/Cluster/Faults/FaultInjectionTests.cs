using Microsoft.Extensions.DependencyInjection;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Training;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>
/// Faults injected into a real in-process cluster (storage errors of the kind Npgsql raises, lost answers, stale
/// leases): every sweep still completes with each epoch stored exactly once, no transient fault is counted as the
/// trial's failure, and with fuse off the metrics equal an uninterrupted run bit for bit.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class FaultInjectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_lost_lease_answer_is_reconciled_and_the_trial_still_runs()
    {
        var faults = new FaultPlan();
        faults.DropLeaseAnswers(1);
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        var yaml = ClusterHarness.Spec("lost-lease", "5e-4", epochs: 3);
        await h.Sweep("lost-lease").SubmitAsync(yaml, "test");

        var done = await h.Client.WaitForSweepAsync("lost-lease", s => s.State == SweepState.Completed, "the sweep to complete after its lease answer was lost", Patience);

        Assert.Equal(1, faults.Fired("lease-answer"));
        AssertExactlyOnce(done, 3);
    }

    [Fact]
    public async Task A_storage_outage_during_epoch_reports_is_retried_without_counting_a_failure()
    {
        var faults = new FaultPlan { FailWritesIn = nameof(ITrialGrain.ReportEpochAsync), FailWritesFromEpoch = 2, WriteOutage = TimeSpan.FromSeconds(5) };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        var yaml = ClusterHarness.Spec("report-outage", "5e-4", epochs: 5);
        await h.Sweep("report-outage").SubmitAsync(yaml, "test");

        var done = await h.Client.WaitForSweepAsync("report-outage", s => s.State == SweepState.Completed, "the sweep to complete through a storage outage", Patience);

        Assert.True(faults.Fired("write:ReportEpochAsync") > 1, "the storage outage never happened");
        AssertExactlyOnce(done, 5);
        AssertEqualsUninterrupted(yaml, done.Trials.Single());
    }

    [Fact]
    public async Task A_storage_outage_while_a_trial_starts_is_retried_and_the_trial_runs_at_once()
    {
        var faults = new FaultPlan { FailWritesIn = nameof(ITrialGrain.BeginAsync), WriteOutage = TimeSpan.FromSeconds(5) };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        await h.Sweep("begin-outage").SubmitAsync(ClusterHarness.Spec("begin-outage", "5e-4", epochs: 3), "test");

        // Well under the 60 s lease timeout: the start is retried, not left to expire.
        var done = await h.Client.WaitForSweepAsync("begin-outage", s => s.State == SweepState.Completed, "the sweep to complete soon after the outage", TimeSpan.FromSeconds(45));

        Assert.True(faults.Fired("write:BeginAsync") > 0, "the storage outage never happened");
        AssertExactlyOnce(done, 3);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task A_lease_requeued_just_before_an_epoch_report_leaves_no_checkpoint_ahead_of_the_stored_epochs(int epoch)
    {
        var faults = new FaultPlan { RequeueBeforeEpoch = epoch };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        var yaml = ClusterHarness.Spec("stale-lease", "5e-4", epochs: 4);
        await h.Sweep("stale-lease").SubmitAsync(yaml, "test");

        var done = await h.Client.WaitForSweepAsync("stale-lease", s => s.State == SweepState.Completed, $"the sweep to complete after a stale report of epoch {epoch}", Patience);

        Assert.Equal(1, faults.Fired("requeue"));
        AssertExactlyOnce(done, 4);
        AssertEqualsUninterrupted(yaml, done.Trials.Single());
    }

    [Fact]
    public async Task A_failed_state_write_changes_nothing_and_reaches_the_caller_as_a_transient_storage_fault()
    {
        var faults = new FaultPlan { FailWritesIn = nameof(ITrialGrain.CancelAsync), WriteOutage = TimeSpan.FromSeconds(20) };
        await using var h = await ClusterHarness.StartAsync(faults, 0, 1);
        await h.Sweep("no-cancel").SubmitAsync(ClusterHarness.Spec("no-cancel", "5e-4", epochs: 6, hidden: 256), "test");
        var running = await h.Client.WaitForSweepAsync("no-cancel", s => s.Trials[0] is { State: TrialState.Running, Epochs.Length: >= 1 }, "the trial to record an epoch", Patience);

        // From inside the cluster, as the sweep grain would: clients may not cancel a single trial.
        var silo = h.Silo(1).ServiceProvider.GetRequiredService<IGrainFactory>();
        var trial = silo.GetGrain<ITrialGrain>(TrialIds.GrainKey("no-cancel", running.Trials[0].TrialId));
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(trial.CancelAsync);

        Assert.Contains("could not write trial state", e.Message);
        var done = await h.Client.WaitForSweepAsync("no-cancel", s => s.State == SweepState.Completed, "the trial to finish as if no cancel was asked", Patience);
        AssertExactlyOnce(done, 6);
    }

    internal static void AssertExactlyOnce(SweepInfo sweep, int epochs) => Assert.All(sweep.Trials, t =>
    {
        Assert.Equal(TrialState.Completed, t.State);
        Assert.Equal(Enumerable.Range(1, epochs), t.Epochs.Select(e => e.Epoch));
        Assert.Equal(0, t.Failures);
    });

    /// <summary>Same spec and point trained in one go, no cluster: every metric equal bit for bit (CPU, fuse off).</summary>
    internal static void AssertEqualsUninterrupted(string yaml, TrialInfo trial)
    {
        var spec = SpecParser.Parse(yaml);
        using var data = new DeviceData(TestData.MnistSubset, TorchSharp.torch.CPU);
        var reference = TrialRunner.Run(TrialConfigs.From(spec, trial.Point), data);
        Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)),
            trial.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)));
    }
}
