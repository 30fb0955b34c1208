using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Metrics;

/// <summary>The silo program's metrics export (OpenTelemetry, Prometheus endpoint) and health checks.</summary>
public static class SweepGridTelemetry
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    /// <summary>
    /// OpenTelemetry metrics exported for Prometheus: SweepGrid's meter, Orleans' meter and the .NET runtime's;
    /// readiness and liveness health checks.
    /// </summary>
    public static T AddSweepGridTelemetry<T>(this T builder, SweepGridSiloOptions options)
        where T : IHostApplicationBuilder
    {
        builder.Services.AddSweepGridMetrics();
        builder.Services.AddSingleton<SiloReadinessHealthCheck>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadinessHealthCheck>());
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: [LiveTag])
            .AddCheck<SiloReadinessHealthCheck>("orleans-silo", tags: [ReadyTag]);
        // Room for the label sets of TrialMetricsRegistry.TrialCapacity trials (twice the live limit, up to two
        // series each: train and test); sweeps, up to seven series each, stay below it by the registry's capacity.
        var seriesLimit = (4 * options.MetricsTrialLimit) + 16;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MetricNames.Meter, MetricNames.OrleansMeter)
            .AddRuntimeInstrumentation()
            .AddView(instrument => View(instrument, seriesLimit))
            // Resolving the instruments here creates them before the first scrape, not at the first grain call.
            .AddInstrumentation(sp => sp.GetRequiredService<SweepGridInstruments>())
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>/metrics (Prometheus text), /health (ready: the silo is active) and /alive (live: the process answers).</summary>
    public static WebApplication MapSweepGridTelemetry(this WebApplication app)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) });
        return app;
    }

    private static MetricStreamConfiguration? View(Instrument instrument, int seriesLimit) =>
        instrument.Meter.Name != MetricNames.Meter ? null
        : instrument.Name == MetricNames.EpochDuration ? new ExplicitBucketHistogramConfiguration { Boundaries = MetricNames.EpochDurationBuckets }
        : new MetricStreamConfiguration { CardinalityLimit = seriesLimit };
}
