namespace SweepGrid.Silo;

/// <summary>
/// Composition of the silo host. Embedded (localhost) clustering for now; cluster mode with PostgreSQL,
/// trial grains and metrics are added by the cluster and observability work.
/// </summary>
public static class SiloHostExtensions
{
    public static WebApplicationBuilder AddSweepGridSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.UseLocalhostClustering());
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapSweepGridEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive");
        return app;
    }
}
