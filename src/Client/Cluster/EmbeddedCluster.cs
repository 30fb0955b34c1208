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

    public const string ClusterId = "sweepgrid-embedded";

    private EmbeddedCluster(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Where a client (e.g. <c>sweepgrid watch --cluster 127.0.0.1:PORT</c>) can attach to this run.</summary>
    public int GatewayPort { get; }

    public static async Task<EmbeddedCluster> StartAsync(string stateDirectory, string slots, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The CLI owns the console; the silo's logs would interleave with progress bars.
        builder.Logging.ClearProviders();
        var gatewayPort = FreePort();
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "embedded";
            o.RunDirectory = stateDirectory;
            o.Slots = slots;
            o.SiloPort = FreePort();
            o.GatewayPort = gatewayPort;
            o.ClusterId = ClusterId;
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        return new EmbeddedCluster(host, gatewayPort);
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
