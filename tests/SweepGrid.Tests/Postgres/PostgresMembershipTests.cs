using Microsoft.Extensions.DependencyInjection;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>Cluster membership through the PostgreSQL schema: joining, leaving and defunct-row clean-up.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresMembershipTests(PostgresSiloFixture silo) : IClassFixture<PostgresSiloFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_silo_is_registered_as_active_in_the_membership_table()
    {
        await Eventually.HoldsAsync(
            async () => await CountAsync(SiloStatus.Active) == 1,
            Timeout,
            $"one Active silo row for cluster {silo.ClusterId} is in orleans_membership");

        Assert.Equal("127.0.0.1", await ScalarAsync<string>(
            "SELECT address FROM orleans_membership WHERE deployment_id = @p0 AND status = 3", silo.ClusterId));
        Assert.True(await ScalarAsync<int>("SELECT version FROM orleans_membership_version WHERE deployment_id = @p0", silo.ClusterId) > 0);
    }

    [Fact]
    public async Task A_second_silo_joins_as_active_and_is_marked_dead_when_it_stops()
    {
        await Eventually.HoldsAsync(async () => await CountAsync(SiloStatus.Active) == 1, Timeout, "the fixture's silo is Active");
        var deadBefore = await CountAsync(SiloStatus.Dead);

        using var second = silo.BuildSilo(FreePorts.Next());
        using var cts = new CancellationTokenSource(Timeout);
        await second.StartAsync(cts.Token);
        try
        {
            await Eventually.HoldsAsync(async () => await CountAsync(SiloStatus.Active) == 2, Timeout, "both silos are Active");
        }
        finally
        {
            await second.StopAsync(cts.Token);
        }

        await Eventually.HoldsAsync(async () => await CountAsync(SiloStatus.Dead) == deadBefore + 1, Timeout, "the stopped silo is Dead");
        Assert.Equal(1, await CountAsync(SiloStatus.Active));
    }

    [Fact]
    public async Task Cleanup_removes_long_dead_silo_rows_and_keeps_live_ones()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var table = silo.Services.GetRequiredService<IMembershipTable>();
        var longAgo = DateTime.UtcNow.AddDays(-2);
        var defunct = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(System.Net.IPAddress.Parse("10.9.8.7"), 11111, 42),
            SiloName = "defunct",
            HostName = "gone",
            Status = SiloStatus.Dead,
            ProxyPort = 30000,
            StartTime = longAgo,
            IAmAliveTime = longAgo,
        };

        // The live silo may bump the table version at any time; retry with a fresh version until
        // the insert wins, exactly as the membership protocol itself does.
        await Eventually.HoldsAsync(
            async () => await table.InsertRowAsync(defunct, (await table.ReadAllAsync(cts.Token)).Version.Next(), cts.Token),
            Timeout,
            "the defunct silo row is inserted");
        Assert.Equal(1, await ScalarAsync<long>(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @p0 AND silo_name = 'defunct'", silo.ClusterId));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-1), cts.Token);

        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @p0 AND silo_name = 'defunct'", silo.ClusterId));
        Assert.Equal(1, await CountAsync(SiloStatus.Active));
    }

    private Task<long> CountAsync(SiloStatus status) =>
        ScalarAsync<long>("SELECT count(*) FROM orleans_membership WHERE deployment_id = @p0 AND status = @p1", silo.ClusterId, (int)status);

    private Task<T> ScalarAsync<T>(string sql, params object[] parameters) =>
        PostgresSql.ScalarAsync<T>(silo.ConnectionString, sql, parameters);
}
