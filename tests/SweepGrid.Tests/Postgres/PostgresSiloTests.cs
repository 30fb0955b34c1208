using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>A real silo on the PostgreSQL schema: grain state, ETags, reminders and the gateway list.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresSiloTests(PostgresSiloFixture silo) : IClassFixture<PostgresSiloFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Grain_state_survives_deactivation_and_a_stale_write_is_rejected()
    {
        var grain = silo.Grains.GetGrain<IProbeGrain>($"state-{Guid.NewGuid():N}");
        await grain.Write("first");

        // A second writer that read the state at version 1 ...
        var stale = new GrainState<ProbeState>(new ProbeState());
        await silo.Storage.ReadStateAsync(ProbeGrain.StateName, grain.GetGrainId(), stale);
        Assert.NotNull(stale.State);
        Assert.Equal(("first", "1"), (stale.State.Value, stale.ETag));

        await grain.Write("second");

        // ... must not overwrite the newer version.
        stale.State.Value = "stale";
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => silo.Storage.WriteStateAsync(ProbeGrain.StateName, grain.GetGrainId(), stale));

        await DeactivateAsync(grain);
        var reloaded = await grain.Read();
        Assert.Equal(new ProbeSnapshot("second", 2, "2", RecordExists: true), reloaded);
    }

    [Fact]
    public async Task Cleared_grain_state_is_empty_after_reactivation_and_can_be_written_again()
    {
        var grain = silo.Grains.GetGrain<IProbeGrain>($"clear-{Guid.NewGuid():N}");
        await grain.Write("doomed");
        await grain.Clear();

        await DeactivateAsync(grain);
        var cleared = await grain.Read();
        Assert.Null(cleared.Value);
        Assert.False(cleared.RecordExists);
        Assert.Equal("2", cleared.ETag); // the row keeps its version so stale writers are still caught
        Assert.True(await ScalarAsync<bool>(
            "SELECT payload IS NULL FROM orleans_grain_state WHERE service_id = @p0 AND grain_id_ext = @p1",
            silo.ServiceId, grain.GetPrimaryKeyString()));

        await grain.Write("reborn");
        await DeactivateAsync(grain);
        Assert.Equal(new ProbeSnapshot("reborn", 1, "3", RecordExists: true), await grain.Read());
    }

    [Fact]
    public async Task Integer_keyed_state_without_a_key_extension_round_trips_and_a_second_insert_conflicts()
    {
        // Integer keys reach the provider with a NULL extension string, which the schema must match.
        var id = GrainId.Create(GrainType.Create("probe-int"), GrainIdKeyExtensions.CreateIntegerKey(42));
        var written = new GrainState<ProbeState>(new ProbeState { Value = "forty-two", Writes = 1 });
        await silo.Storage.WriteStateAsync(ProbeGrain.StateName, id, written);
        Assert.Equal("1", written.ETag);

        var read = new GrainState<ProbeState>(new ProbeState());
        await silo.Storage.ReadStateAsync(ProbeGrain.StateName, id, read);
        Assert.NotNull(read.State);
        Assert.Equal(("forty-two", "1", true), (read.State.Value, read.ETag, read.RecordExists));

        // Another activation that believes no state exists yet (no ETag) must not insert a second row.
        var rival = new GrainState<ProbeState>(new ProbeState { Value = "rival" });
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => silo.Storage.WriteStateAsync(ProbeGrain.StateName, id, rival));
    }

    [Fact]
    public async Task A_registered_reminder_is_stored_and_unregistering_removes_it()
    {
        var grain = silo.Grains.GetGrain<IProbeGrain>($"reminder-{Guid.NewGuid():N}");
        var grainId = grain.GetGrainId().ToString();
        const string Count = "SELECT count(*) FROM orleans_reminder WHERE service_id = @p0 AND grain_id = @p1 AND reminder_name = 'tick'";

        await grain.RegisterReminder("tick");
        Assert.True(await grain.HasReminder("tick"));
        Assert.Equal(1, await ScalarAsync<long>(Count, silo.ServiceId, grainId));

        await grain.UnregisterReminder("tick");
        Assert.False(await grain.HasReminder("tick"));
        Assert.Equal(0, await ScalarAsync<long>(Count, silo.ServiceId, grainId));
    }

    [Fact]
    public async Task An_external_client_finds_the_silo_through_the_gateway_list_in_postgres()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = silo.ConnectionString;
            });
        });
        using var host = builder.Build();
        using var cts = new CancellationTokenSource(Timeout);
        await host.StartAsync(cts.Token);
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(IPAddress.Loopback, Assert.Single(hosts.Keys).Endpoint.Address);
            // The production silo's client filter holds for a client found this way too: the probe grain is internal.
            var key = $"client-{Guid.NewGuid():N}";
            await Assert.ThrowsAsync<ClientCallRefusedException>(() => client.GetGrain<IProbeGrain>(key).Write("via gateway"));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task DeactivateAsync(IProbeGrain grain)
    {
        var before = await grain.GetActivationId();
        await grain.Deactivate();
        await Eventually.HoldsAsync(
            async () => await grain.GetActivationId() != before,
            Timeout,
            $"grain {grain.GetPrimaryKeyString()} is reactivated as a new activation");
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] parameters) =>
        PostgresSql.ScalarAsync<T>(silo.ConnectionString, sql, parameters);
}
