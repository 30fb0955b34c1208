using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Client.Cluster;

/// <summary>
/// A one-silo cluster inside the CLI process (the Silo project's own hosting code, not a copy): localhost
/// clustering on free ports, grain state and checkpoints under the run directory so a stopped run resumes.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<EmbeddedCluster> StartAsync(string stateDirectory, string slots, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The CLI owns the console; the silo's logs would interleave with progress bars.
        builder.Logging.ClearProviders();
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "embedded";
            o.RunDirectory = stateDirectory;
            o.Slots = slots;
            o.SiloPort = FreePort();
            o.GatewayPort = FreePort();
            o.ClusterId = "sweepgrid-embedded";
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        return new EmbeddedCluster(host);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops gracefully: running trials are handed back (they resume from their checkpoint next time).</summary>
    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _host.StopAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // State is durable after every epoch; an abrupt end loses at most the epoch in progress.
        }
        _host.Dispose();
    }
}
