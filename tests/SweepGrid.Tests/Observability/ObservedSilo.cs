using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Options;
using SweepGrid.Testing;

namespace SweepGrid.Tests.Observability;

/// <summary>
/// A real silo host as the silo program composes it (AddSweepGridSiloHost + MapSweepGridEndpoints) in embedded mode,
/// on free ports, with its state in a temporary run directory; /metrics, /health and /alive on <see cref="Http"/>.
/// </summary>
internal sealed class ObservedSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly WebApplication _app;
    private readonly string _directory;

    private ObservedSilo(WebApplication app, string directory, int httpPort)
    {
        _app = app;
        _directory = directory;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int HttpPort { get; }
    public string Target => $"127.0.0.1:{HttpPort}";
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();
    public MetricsRecorder Metrics => Services.GetRequiredService<MetricsRecorder>();

    public static async Task<ObservedSilo> StartAsync(Action<SweepGridSiloOptions>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-observed-").FullName;
        var httpPort = FreePorts.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = dir, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{httpPort}");
        builder.AddSweepGridSiloHost(o =>
        {
            o.Mode = "embedded";
            o.RunDirectory = dir;
            o.Slots = "1";
            o.SiloPort = FreePorts.Next();
            o.GatewayPort = FreePorts.Next();
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.IdlePollInterval = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapSweepGridEndpoints();
        using var cts = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(cts.Token);
        return new ObservedSilo(app, dir, httpPort);
    }

    public ISweepGrain Sweep(string id) => Grains.GetGrain<ISweepGrain>(id);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
