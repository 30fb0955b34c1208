using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using SweepGrid.Silo.Hosting;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// One in-process SweepGrid silo in cluster mode on a fresh PostgreSQL database, composed by the production hosting
/// code (<see cref="SweepGridHosting.AddSweepGridSilo{T}(T, Action{Silo.Options.SweepGridSiloOptions}?)"/>): its
/// start-up applies the schema, and membership, grain state and reminders are the ADO.NET providers configured there.
/// Only ports, ids and slots (none: it hosts the probe grain and trains nothing) are the test's own.
/// </summary>
public sealed class PostgresSiloFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private IHost? _host;
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string ClusterId { get; } = $"sg-test-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"sg-test-service-{Guid.NewGuid():N}";

    public int GatewayPort { get; } = FreePorts.Next();

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The silo is not started.")).Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's ADO.NET grain storage provider (below its retries), for reading and writing state behind a grain's back.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("silo");
        _host = BuildSilo(GatewayPort);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _host.StartAsync(timeout.Token);
    }

    /// <summary>A silo host (not started) in this fixture's cluster and database, composed as the silo program composes one.</summary>
    public IHost BuildSilo(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var connectionString = ConnectionString;
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "cluster";
            // On loopback; TLS has its own tests (SecureClusterTests).
            o.Transport = "plaintext";
            o.PostgresConnectionString = connectionString;
            o.ClusterId = ClusterId;
            o.ServiceId = ServiceId;
            o.Slots = "0";
            o.AdvertisedIp = "127.0.0.1";
            o.SiloPort = FreePorts.Next();
            o.GatewayPort = gatewayPort;
        });
        return builder.Build();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _host.StopAsync(timeout.Token);
            _host.Dispose();
        }

        if (_connectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }
}
