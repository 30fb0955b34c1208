using System.Net;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using Xunit;

namespace SweepGrid.Tests.Observability;

[Trait("Category", "Integration")]
[Collection(nameof(ObservabilityCollection))]
public sealed class SweepMetricsInPrometheusTests(ObservedSweepFixture f) : IClassFixture<ObservedSweepFixture>
{
    private const string Sweep = ObservedSweepFixture.SweepId;
    private const int TrainSamples = 2000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string[] TrialLabels = ["__name__", "instance", "job", "otel_scope_name", "sweep", "trial", "weight_decay"];

    [Fact]
    public async Task Trial_loss_and_accuracy_in_Prometheus_equal_the_last_stored_epoch_of_every_trial_by_split()
    {
        foreach (var (metric, train, test) in new (string, Func<EpochRecord, double>, Func<EpochRecord, double>)[]
        {
            ("sweepgrid_trial_accuracy", e => e.TrainAccuracy, e => e.TestAccuracy),
            ("sweepgrid_trial_loss", e => e.TrainLoss, e => e.TestLoss),
        })
        {
            var expected = f.Done.Trials.SelectMany(t => new[]
            {
                (t.TrialId, DecayLabel.Format(t.Point.WeightDecay), "train", train(t.Epochs[^1])),
                (t.TrialId, DecayLabel.Format(t.Point.WeightDecay), "test", test(t.Epochs[^1])),
            }).OrderBy(x => x).ToList();

            var samples = await f.Prometheus.WaitForAsync($"{metric}{{sweep=\"{Sweep}\"}}",
                r => Actual(r).SequenceEqual(expected), Wait, $"{metric} of every trial and split to equal the stored last epoch");

            Assert.Equal(expected, Actual(samples));
            Assert.All(samples, s => Assert.Equal(TrialLabels.Append("split").Order(StringComparer.Ordinal), s.Labels.Keys.Order(StringComparer.Ordinal)));
        }

        static List<(string, string, string, double)> Actual(IReadOnlyList<PromSample> r) =>
            [.. r.Select(s => (s["trial"], s["weight_decay"], s["split"], s.Value)).OrderBy(x => x)];
    }

    [Fact]
    public async Task Trial_epoch_status_and_best_test_accuracy_in_Prometheus_equal_the_stored_trials()
    {
        Assert.Equal(["5e-2", "5e-4"], f.Done.Trials.Select(t => DecayLabel.Format(t.Point.WeightDecay)).Order());
        foreach (var (metric, value) in new (string, Func<TrialInfo, double>)[]
        {
            ("sweepgrid_trial_epoch", t => t.Epochs.Length),
            ("sweepgrid_trial_status", t => (int)t.State),
            ("sweepgrid_trial_best_test_accuracy", t => t.Epochs.Max(e => e.TestAccuracy)),
        })
        {
            var expected = f.Done.Trials.Select(t => (t.TrialId, DecayLabel.Format(t.Point.WeightDecay), value(t))).OrderBy(x => x).ToList();

            var samples = await f.Prometheus.WaitForAsync($"{metric}{{sweep=\"{Sweep}\"}}",
                r => Actual(r).SequenceEqual(expected), Wait, $"{metric} of every trial to equal the stored trial");

            Assert.Equal(expected, Actual(samples));
            Assert.All(samples, s => Assert.Equal(TrialLabels, s.Labels.Keys.Order(StringComparer.Ordinal)));
        }
        Assert.All(f.Done.Trials, t => Assert.Equal((TrialState.Completed, 3), (t.State, t.Epochs.Length)));

        static List<(string, string, double)> Actual(IReadOnlyList<PromSample> r) =>
            [.. r.Select(s => (s["trial"], s["weight_decay"], s.Value)).OrderBy(x => x)];
    }

    [Fact]
    public async Task Sweep_gauges_and_counters_in_Prometheus_agree_with_the_finished_sweep()
    {
        var trials = f.Done.Trials.Length;
        var epochs = f.Done.Trials.Sum(t => t.Epochs.Length);
        var best = f.Done.Trials.SelectMany(t => t.Epochs).Max(e => e.TestAccuracy);
        var expected = new Dictionary<string, double>
        {
            [$"sweepgrid_sweep_trials{{sweep=\"{Sweep}\",state=\"completed\"}}"] = trials,
            [$"sum(sweepgrid_sweep_trials{{sweep=\"{Sweep}\"}})"] = trials,
            [$"sweepgrid_sweep_best_test_accuracy{{sweep=\"{Sweep}\"}}"] = best,
            [$"sweepgrid_epochs_completed_total{{sweep=\"{Sweep}\"}}"] = epochs,
            [$"sweepgrid_samples_trained_total{{sweep=\"{Sweep}\"}}"] = (double)epochs * TrainSamples,
            [$"sweepgrid_trials_finished_total{{sweep=\"{Sweep}\",outcome=\"completed\"}}"] = trials,
            [$"count(sweepgrid_trials_finished_total{{sweep=\"{Sweep}\"}})"] = 1,
            ["sweepgrid_epoch_duration_seconds_count"] = epochs,
            [$"count(sweepgrid_trials_retries_total{{sweep=\"{Sweep}\"}}) or vector(0)"] = 0,
            ["sweepgrid_slots_total"] = 1,
            ["sweepgrid_slots_used"] = 0,
        };
        foreach (var (query, value) in expected)
        {
            var r = await f.Prometheus.WaitForAsync(query, r => r.Count == 1 && r[0].Value == value, Wait, $"{query} to be {value}");
            Assert.Equal(value, r.Single().Value);
        }
    }

    [Fact]
    public async Task Every_dashboard_query_parses_and_every_panel_without_a_gpu_returns_data()
    {
        var queries = DashboardQuery.All();
        Assert.True(queries.Count >= 20, $"expected the two dashboards' queries, found {queries.Count}");
        foreach (var q in queries)
        {
            var promql = q.Substituted(Sweep);
            var parsed = await f.Prometheus.QueryAsync(promql);
            Assert.True(parsed.Status == "success", $"{q} was rejected by Prometheus: {parsed.Error}");
            if (!q.NeedsGpu)
            {
                await f.Prometheus.WaitForAsync(promql, r => r.Count > 0, Wait, $"{q} to return data");
            }
        }
    }

    [Fact]
    public async Task Metrics_endpoint_exports_the_design_names_with_unit_suffixes()
    {
        var text = await f.Silo.Http.GetStringAsync("metrics");
        var types = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l[7..]).ToHashSet();

        string[] expected =
        [
            "sweepgrid_trial_loss gauge",
            "sweepgrid_trial_accuracy gauge",
            "sweepgrid_trial_best_test_accuracy gauge",
            "sweepgrid_trial_epoch gauge",
            "sweepgrid_trial_status gauge",
            "sweepgrid_epochs_completed_total counter",
            "sweepgrid_samples_trained_total counter",
            "sweepgrid_trials_finished_total counter",
            "sweepgrid_epoch_duration_seconds histogram",
            "sweepgrid_sweep_trials gauge",
            "sweepgrid_sweep_best_test_accuracy gauge",
            "sweepgrid_slots_used gauge",
            "sweepgrid_slots_total gauge",
            "orleans_catalog_activations gauge",
            "dotnet_gc_collections_total counter",
        ];
        var missing = expected.Where(e => !types.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"missing on /metrics: {string.Join("; ", missing)}; exported SweepGrid types: {string.Join("; ", types.Where(t => t.StartsWith("sweepgrid", StringComparison.Ordinal)))}");
        Assert.DoesNotContain("epoch=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_metric_overflow", text, StringComparison.Ordinal);
        var buckets = text.Split('\n').Where(l => l.StartsWith("sweepgrid_epoch_duration_seconds_bucket", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("le=\"", StringComparison.Ordinal) + 4)..l.IndexOf("\"}", StringComparison.Ordinal)]);
        Assert.Equal(["0.25", "0.5", "1", "2", "5", "10", "20", "30", "60", "120", "300", "600", "1200", "1800", "+Inf"], buckets);
    }

    [Fact]
    public async Task Health_is_ready_and_alive_on_an_active_silo()
    {
        foreach (var path in new[] { "health", "alive" })
        {
            using var r = await f.Silo.Http.GetAsync(path);
            Assert.Equal((HttpStatusCode.OK, "Healthy"), (r.StatusCode, await r.Content.ReadAsStringAsync()));
        }
    }
}
