using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Hosting;

/// <summary>Composition of the silo program: the silo of <see cref="SweepGridHosting"/> plus what it serves over HTTP.</summary>
public static class SweepGridSiloHost
{
    /// <summary>The silo (<see cref="SweepGridHosting.AddSweepGridSilo{T}(T, Action{SweepGridSiloOptions}?)"/>), its OpenTelemetry metrics and health checks.</summary>
    public static T AddSweepGridSiloHost<T>(this T builder, Action<SweepGridSiloOptions>? configure = null)
        where T : IHostApplicationBuilder
    {
        var options = SweepGridHosting.ReadOptions(builder.Configuration, configure);
        builder.AddSweepGridSilo(options);
        builder.AddSweepGridTelemetry(options);
        return builder;
    }

    /// <summary>/metrics, /health (ready) and /alive (live).</summary>
    public static WebApplication MapSweepGridEndpoints(this WebApplication app) => app.MapSweepGridTelemetry();
}
