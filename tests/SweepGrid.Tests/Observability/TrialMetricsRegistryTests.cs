using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Options;
using Xunit;

namespace SweepGrid.Tests.Observability;

public sealed class TrialMetricsRegistryTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly ManualClock _clock = new();
    private readonly TrialMetricsRegistry _registry;

    public TrialMetricsRegistryTests() =>
        _registry = new TrialMetricsRegistry(_clock, Options.Create(new SweepGridSiloOptions { MetricsRetention = Retention }));

    [Fact]
    public void A_trial_is_kept_while_unfinished_and_dropped_retention_after_it_ends()
    {
        _registry.SetTrial("s", Trial("t", TrialState.Running, epochs: 1));
        _clock.Advance(TimeSpan.FromHours(5));
        _registry.Prune();
        Assert.Equal(1, _registry.TrialCount);

        _registry.SetTrial("s", Trial("t", TrialState.Completed, epochs: 2));
        _clock.Advance(Retention - Second);
        _registry.SetTrial("s", Trial("t", TrialState.Completed, epochs: 2));
        _registry.Prune();
        Assert.Equal(1, _registry.TrialCount);

        _clock.Advance(Second);
        _registry.Prune();
        Assert.Equal(0, _registry.TrialCount);
    }

    [Fact]
    public void A_cancelled_trial_submitted_again_is_kept_while_it_runs_again()
    {
        _registry.SetTrial("s", Trial("t", TrialState.Cancelled, epochs: 1));
        _clock.Advance(Second);
        _registry.SetTrial("s", Trial("t", TrialState.Queued, epochs: 1));
        _clock.Advance(Retention * 2);
        _registry.Prune();
        Assert.Equal(1, _registry.TrialCount);
    }

    [Fact]
    public void Deactivation_drops_an_unfinished_trial_at_once_and_keeps_a_finished_one_for_retention()
    {
        _registry.SetTrial("s", Trial("running", TrialState.Running, epochs: 1));
        _registry.SetTrial("s", Trial("done", TrialState.Completed, epochs: 3));

        _registry.TrialDeactivated("s", "running");
        _registry.TrialDeactivated("s", "done");
        Assert.Equal(1, _registry.TrialCount);

        _clock.Advance(Retention);
        _registry.Prune();
        Assert.Equal(0, _registry.TrialCount);
    }

    [Fact]
    public void Sweep_counters_stay_while_the_sweep_has_series_here_and_go_once_idle_for_retention()
    {
        _registry.AddEpoch("s");
        _registry.SetTrial("s", Trial("t", TrialState.Running, epochs: 1));
        _clock.Advance(TimeSpan.FromHours(1));
        _registry.Prune();
        Assert.Equal(1, _registry.SweepCount);

        _registry.SetTrial("s", Trial("t", TrialState.Completed, epochs: 1));
        _clock.Advance(Retention);
        _registry.Prune();
        Assert.Equal((0, 0), (_registry.TrialCount, _registry.SweepCount));
    }

    [Fact]
    public void Counters_of_a_sweep_trained_here_but_hosted_elsewhere_go_after_retention_without_activity()
    {
        _registry.AddSamples("s", 2000);
        _clock.Advance(Retention - Second);
        _registry.AddSamples("s", 2000);
        _clock.Advance(Retention - Second);
        _registry.Prune();
        Assert.Equal(1, _registry.SweepCount);

        _clock.Advance(Second);
        _registry.Prune();
        Assert.Equal(0, _registry.SweepCount);
    }

    [Fact]
    public void Sweep_gauges_go_retention_after_the_sweep_finishes_and_at_once_when_a_running_sweep_deactivates()
    {
        _registry.SetSweep("done", SweepState.Completed, Counts((TrialState.Completed, 1)), 0.41);
        _registry.SetSweep("running", SweepState.Running, Counts((TrialState.Pending, 2)), null);
        _registry.SweepDeactivated("running");
        _registry.SweepDeactivated("done");
        Assert.Equal(1, _registry.SweepCount);

        _clock.Advance(Retention - Second);
        _registry.Prune();
        Assert.Equal(1, _registry.SweepCount);
        _clock.Advance(Second);
        _registry.Prune();
        Assert.Equal(0, _registry.SweepCount);
    }

    private static TrialSummary Trial(string id, TrialState state, int epochs) => new()
    {
        TrialId = id,
        Point = new TrialPoint(5e-4, 1, HiddenActivation.Relu, LossFunction.CrossEntropy),
        State = state,
        Epochs = epochs,
        Latest = new EpochRecord(epochs, 1.0 / epochs, 0.5, 1.1 / epochs, 0.4 + (0.01 * epochs), 2.5, 1000),
        BestTestAccuracy = 0.4 + (0.01 * epochs),
    };

    /// <summary>Every trial state with its count, as a sweep publishes them.</summary>
    internal static ImmutableArray<(string State, int Count)> Counts(params (TrialState State, int Count)[] counts) =>
        [.. Enum.GetValues<TrialState>().Select(s => (s.Name(), counts.Where(c => c.State == s).Sum(c => c.Count)))];
}
