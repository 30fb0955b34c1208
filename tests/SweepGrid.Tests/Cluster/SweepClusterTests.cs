using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Training;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class SweepClusterTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_sweep_completes_every_trial_within_slot_limits_and_never_on_a_slotless_silo()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1, 2);
        var submit = await h.Sweep("complete").SubmitAsync(ClusterHarness.Spec("complete", "5e-2, 5e-4, 5e-6, 1e-3, 1e-4", epochs: 3), "test");
        Assert.True(submit.Accepted);
        Assert.Equal(5, submit.NewTrials.Length);

        var done = await h.Client.WaitForSweepAsync("complete", s => s.State == SweepState.Completed, "the sweep to complete", Long);

        Assert.All(done.Trials, t =>
        {
            Assert.Equal(TrialState.Completed, t.State);
            Assert.Equal([1, 2, 3], t.Epochs.Select(e => e.Epoch));
        });
        var silos = Enumerable.Range(0, 3).Select(h.Silo).ToList();
        var control = h.SlotsOf(silos[0]);
        Assert.Equal((0, 0), (control.Total, control.MaxRunning));
        Assert.DoesNotContain(done.Trials, t => t.Silo == control.Silo);
        Assert.All(silos.Skip(1), s => Assert.InRange(h.SlotsOf(s).MaxRunning, 0, h.SlotsOf(s).Total));
        Assert.True(silos.Skip(1).Sum(s => h.SlotsOf(s).MaxRunning) >= 2, "trials never ran concurrently across the slot silos");
    }

    [Fact]
    public async Task A_trial_resumes_on_another_silo_after_its_silo_is_killed_with_every_epoch_once_and_exact_metrics()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1, 1);
        const int epochs = 12;
        var yaml = ClusterHarness.Spec("kill", "5e-4", epochs, hidden: 256);
        await h.Sweep("kill").SubmitAsync(yaml, "test");

        var running = await h.Client.WaitForSweepAsync("kill", s => s.Trials[0] is { State: TrialState.Running, Epochs.Length: >= 3 } t && t.Silo is not null,
            "the trial to record 3 epochs", Long);
        var victim = h.Cluster.Silos.Single(s => h.SlotsOf(s).Silo == running.Trials[0].Silo);
        await h.Cluster.KillSiloAsync(victim);

        var done = await h.Client.WaitForSweepAsync("kill", s => s.State == SweepState.Completed, "the trial to finish elsewhere", Long);
        var trial = done.Trials.Single();
        Assert.Equal(TrialState.Completed, trial.State);
        Assert.Equal(Enumerable.Range(1, epochs), trial.Epochs.Select(e => e.Epoch));
        Assert.NotEqual(running.Trials[0].Silo, trial.Silo);
        Assert.True(trial.Resumes >= 1, "the trial was not counted as resumed");

        var spec = SpecParser.Parse(yaml);
        using var data = new DeviceData(TestData.MnistSubset, TorchSharp.torch.CPU);
        var reference = TrialRunner.Run(TrialConfigs.From(spec, trial.Point), data);
        Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)),
            trial.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)));
    }

    [Fact]
    public async Task Cancel_stops_running_and_queued_trials_and_keeps_recorded_epochs()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        await h.Sweep("cancel").SubmitAsync(ClusterHarness.Spec("cancel", "5e-2, 5e-4", epochs: 200, hidden: 256), "test");
        await h.Client.WaitForSweepAsync("cancel", s => s.Trials[0].Epochs.Length >= 2, "two epochs", Long);

        await h.Sweep("cancel").CancelAsync();

        var done = await h.Client.WaitForSweepAsync("cancel", s => s.Trials.All(t => t.State.IsTerminal()), "every trial to stop", TimeSpan.FromSeconds(30));
        Assert.Equal(SweepState.Cancelled, done.State);
        Assert.All(done.Trials, t => Assert.Equal(TrialState.Cancelled, t.State));
        Assert.InRange(done.Trials[0].Epochs.Length, 2, 199);
        Assert.Empty(done.Trials[1].Epochs);
    }

    [Fact]
    public async Task A_failing_trial_is_retried_then_marked_failed_while_the_rest_complete()
    {
        await using var h = await ClusterHarness.StartAsync(2);
        h.Recorder.Poisoned.Add(0.123);
        await h.Sweep("fail").SubmitAsync(ClusterHarness.Spec("fail", "0.123, 5e-4", epochs: 2), "test");

        var done = await h.Client.WaitForSweepAsync("fail", s => s.State == SweepState.Completed, "the sweep to complete", Long);
        var failed = done.Trials.Single(t => t.Point.WeightDecay == 0.123);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Equal(2, failed.Failures);
        Assert.Equal("failed 2 times; last error: InvalidOperationException: poisoned weight decay 0.123", failed.Message);
        Assert.Equal(TrialState.Completed, done.Trials.Single(t => t.Point.WeightDecay == 5e-4).State);
    }

    [Fact]
    public async Task Resubmitting_an_extended_sweep_runs_only_the_new_trials()
    {
        await using var h = await ClusterHarness.StartAsync(2);
        await h.Sweep("extend").SubmitAsync(ClusterHarness.Spec("extend", "5e-2, 5e-4", epochs: 2), "test");
        var first = await h.Client.WaitForSweepAsync("extend", s => s.State == SweepState.Completed, "the first sweep", Long);
        var attemptsBefore = h.Recorder.Attempts.Count;

        var again = await h.Sweep("extend").SubmitAsync(ClusterHarness.Spec("extend", "5e-2, 5e-4, 5e-6", epochs: 2), "test");
        var done = await h.Client.WaitForSweepAsync("extend", s => s.State == SweepState.Completed && s.Trials.Length == 3, "the extended sweep", Long);

        Assert.Single(again.NewTrials);
        Assert.Equal(first.Trials.Select(t => t.TrialId).Order(), again.ExistingTrials.Order());
        Assert.Equal([again.NewTrials[0]], h.Recorder.Attempts.Skip(attemptsBefore));
        Assert.Equal(first.Trials[0].Epochs.ToArray(), done.Trials[0].Epochs.ToArray());
    }

    [Fact]
    public async Task The_sweep_grain_rejects_an_invalid_spec_with_every_problem_and_starts_nothing()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        var result = await h.Sweep("bad").SubmitAsync("name: bad\ndata: { dataset: mnist }\nmodel: { hidden: [0] }\noptimizer: { lr: 0 }\nsweep: { weight_decay: [] }\nepochs: 1\n", "bad.yaml");

        Assert.False(result.Accepted);
        Assert.Equal(["model.hidden[0]: must be between 1 and 65536, got 0", "optimizer.lr: must be > 0, got 0", "sweep.weight_decay: must not be empty"],
            result.Problems.Select(p => p.ToString()));
        Assert.Null(await h.Sweep("bad").GetSummaryAsync());
        Assert.Empty(h.Recorder.Attempts);
    }

    [Fact]
    public async Task A_resubmission_that_changes_shared_settings_is_refused()
    {
        await using var h = await ClusterHarness.StartAsync(1);
        Assert.True((await h.Sweep("shared").SubmitAsync(ClusterHarness.Spec("shared", "5e-4", epochs: 1), "test")).Accepted);
        var changed = await h.Sweep("shared").SubmitAsync(ClusterHarness.Spec("shared", "5e-4", epochs: 1).Replace("lr: 0.05", "lr: 0.1"), "test");

        Assert.False(changed.Accepted);
        Assert.Contains("already exists with other shared settings", changed.Problems.Single().Message);
    }
}

[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
