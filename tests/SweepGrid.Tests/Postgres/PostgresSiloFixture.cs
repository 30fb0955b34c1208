using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// One in-process Orleans silo whose membership, grain state and reminders all live in a fresh
/// PostgreSQL database set up by <see cref="PostgresSchema.EnsureAsync"/>, configured the way a
/// SweepGrid silo configures the ADO.NET providers.
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

    public int GatewayPort { get; } = FreeTcpPort();

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The silo is not started.")).Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's ADO.NET grain storage provider, for reading and writing state behind a grain's back.</summary>
    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(PostgresSchema.GrainStorageName);

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("silo");
        using var timeout = new CancellationTokenSource(StartTimeout);
        await PostgresSchema.EnsureAsync(_connectionString, timeout.Token);

        _host = BuildSilo(GatewayPort);
        await _host.StartAsync(timeout.Token);
    }

    /// <summary>
    /// A silo host (not started) in this fixture's cluster and database: clustering, grain storage
    /// and reminders all on the Orleans ADO.NET providers with the Npgsql invariant.
    /// </summary>
    public IHost BuildSilo(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var connectionString = ConnectionString;
        var siloPort = FreeTcpPort();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(PostgresSchema.GrainStorageName, o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = connectionString;
            });
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

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
