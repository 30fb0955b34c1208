using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using Xunit;

namespace SweepGrid.Tests.Observability;

/// <summary>Retention and series limits end to end: a real silo's /metrics and a real Prometheus, no training.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ObservabilityCollection))]
public sealed class MetricsRetentionTests(RetentionSiloFixture f) : IClassFixture<RetentionSiloFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Finished_trial_and_sweep_series_disappear_from_Prometheus_after_retention()
    {
        var running = Trial("r1", TrialState.Running);
        f.Silo.Metrics.Trial("retained", running);
        f.Silo.Metrics.Sweep("retained", SweepState.Running, 1, TrialMetricsRegistryTests.Counts((TrialState.Running, 1)), 0.65);
        await f.Prometheus.WaitForAsync("sweepgrid_trial_accuracy{sweep=\"retained\"}", r => r.Count == 2, Wait, "both splits of the running trial");
        await f.Prometheus.WaitForAsync("sweepgrid_sweep_trials{sweep=\"retained\",state=\"running\"}", r => r.Count == 1 && r[0].Value == 1, Wait, "the running sweep");

        var done = Trial("r1", TrialState.Completed);
        f.Silo.Metrics.Trial("retained", done);
        f.Silo.Metrics.Sweep("retained", SweepState.Completed, 1, TrialMetricsRegistryTests.Counts((TrialState.Completed, 1)), 0.65);

        await f.Prometheus.WaitForAsync("sweepgrid_trial_status{sweep=\"retained\"}", r => r.Count == 1 && r[0].Value == (int)TrialState.Completed, Wait, "the completed status");
        foreach (var metric in new[] { "sweepgrid_trial_accuracy", "sweepgrid_trial_loss", "sweepgrid_trial_status", "sweepgrid_sweep_trials" })
        {
            var left = await f.Prometheus.WaitForAsync($"{metric}{{sweep=\"retained\"}}", r => r.Count == 0, Wait, $"{metric} to go stale after retention");
            Assert.Empty(left);
        }
    }

    [Fact]
    public async Task A_stream_of_trials_longer_than_the_series_limit_never_overflows()
    {
        // The limit is 4 live trials (4 × 4 + 16 = 32 series per instrument); 20 trials make 40 label sets per split
        // instrument, so without renewed instruments the later trials would collapse into the overflow series.
        for (var i = 0; i < 20; i++)
        {
            var id = $"s{i:D2}";
            f.Silo.Metrics.Trial("stream", Trial(id, TrialState.Completed));
            var text = await MetricsAsync(t => Lines(t, id).Count() == 2, $"both splits of trial {id} on sweepgrid_trial_accuracy");
            Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
            Assert.Equal(["test", "train"], Lines(text, id).Select(l => l.Contains("split=\"test\"", StringComparison.Ordinal) ? "test" : "train").Order());
            await MetricsAsync(t => !t.Contains($"trial=\"{id}\"", StringComparison.Ordinal), $"trial {id} to leave /metrics after retention");
        }
    }

    private static IEnumerable<string> Lines(string metrics, string trial) => metrics.Split('\n')
        .Where(l => l.StartsWith("sweepgrid_trial_accuracy{", StringComparison.Ordinal) && l.Contains($"trial=\"{trial}\"", StringComparison.Ordinal));

    private async Task<string> MetricsAsync(Func<string, bool> done, string what)
    {
        var text = "";
        try
        {
            await Postgres.Eventually.HoldsAsync(async () => done(text = await f.Silo.Http.GetStringAsync("metrics")), Wait, what);
        }
        catch (TimeoutException e)
        {
            var trials = text.Split('\n').Where(l => l.StartsWith("sweepgrid_trial_accuracy", StringComparison.Ordinal));
            throw new TimeoutException($"{e.Message} Last sweepgrid_trial_accuracy lines:\n{string.Join('\n', trials)}", e);
        }
        return text;
    }

    private static TrialSummary Trial(string id, TrialState state) => new()
    {
        TrialId = id,
        Point = new TrialPoint(5e-4, 1, HiddenActivation.Relu, LossFunction.CrossEntropy),
        State = state,
        Epochs = 1,
        Latest = new EpochRecord(1, 0.9, 0.7, 1.0, 0.65, 1.5, 2000),
        BestTestAccuracy = 0.65,
    };
}
