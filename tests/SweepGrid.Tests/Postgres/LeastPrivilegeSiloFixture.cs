using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// A real SweepGrid silo host, composed as the silo program composes it (AddSweepGridSiloHost), in cluster mode with
/// SweepGrid:Schema=verify, logged in as the silo role that migrate made: what Compose and Kubernetes run. The probe
/// grain keeps its state in the silo's own grain storage, so on the same role.
/// </summary>
public sealed class LeastPrivilegeSiloFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private LeastPrivilegeDatabase? _database;
    private WebApplication? _app;

    internal LeastPrivilegeDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string ClusterId { get; } = $"sg-roles-{Guid.NewGuid():N}";

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The silo is not started.")).Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    internal MigrateRun Migration { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        _database = await LeastPrivilegeDatabase.CreateAsync("roles");
        Migration = await _database.MigrateAsync();
        if (Migration.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed: {Migration}");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        var silo = _database.SiloConnectionString;
        builder.AddSweepGridSiloHost(o =>
        {
            o.Mode = "cluster";
            // On loopback; TLS has its own tests (SecureClusterTests).
            o.Transport = "plaintext";
            o.Schema = SweepGridSiloOptions.SchemaVerify;
            o.PostgresConnectionString = silo;
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
            o.Slots = "0";
            o.AdvertisedIp = "127.0.0.1";
            o.SiloPort = FreePorts.Next();
            o.GatewayPort = FreePorts.Next();
        });
        _app = builder.Build();
        _app.MapSweepGridEndpoints();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
