using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// The registry, the instruments and the recorder grains and slots publish through. The instruments are plain
/// System.Diagnostics.Metrics; which exporter reads them (if any) is the hosting program's choice.
/// </summary>
public static class SweepGridMetrics
{
    public static IServiceCollection AddSweepGridMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TrialMetricsRegistry>();
        services.TryAddSingleton<SweepGridInstruments>();
        services.TryAddSingleton<MetricsRecorder>();
        return services;
    }
}
