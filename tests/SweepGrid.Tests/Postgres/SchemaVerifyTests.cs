using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;
using SweepGrid.Silo.Storage.PostgreSql;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>SweepGrid:Schema=verify: no DDL, and a start-up that fails with what is wrong and the migrate hint.</summary>
[Trait("Category", "Integration")]
public sealed class SchemaVerifyTests
{
    private const string Hint = "Run `SweepGrid.SiloHost migrate`";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Verify_against_an_empty_database_fails_with_the_migrate_hint_and_creates_nothing()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("empty");

        var refused = await Assert.ThrowsAsync<SchemaNotReadyException>(() => PostgresSchema.VerifyAsync(database.OwnerConnectionString, CancellationToken.None));

        Assert.Contains($"The SweepGrid schema is missing from database '{database.Name}'", refused.Message);
        Assert.Contains(Hint, refused.Message);
        Assert.Equal(0L, await PostgresSql.ScalarAsync<long>(database.AdminConnectionString,
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
    }

    [Fact]
    public async Task A_silo_host_in_verify_mode_refuses_to_start_on_an_empty_database()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("emptyhost");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();

        // Composing the silo does no I/O: the schema is checked when it starts.
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "cluster";
            // On loopback; TLS has its own tests (SecureClusterTests).
            o.Transport = "plaintext";
            o.Schema = SweepGridSiloOptions.SchemaVerify;
            o.PostgresConnectionString = database.OwnerConnectionString;
            o.Slots = "0";
            o.AdvertisedIp = "127.0.0.1";
            o.SiloPort = FreePorts.Next();
            o.GatewayPort = FreePorts.Next();
        });
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);

        var refused = await Assert.ThrowsAsync<SchemaNotReadyException>(() => host.StartAsync(timeout.Token));

        Assert.Contains(Hint, refused.Message);
        Assert.Equal(0L, await PostgresSql.ScalarAsync<long>(database.AdminConnectionString,
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
    }

    [Fact]
    public async Task Verify_names_a_right_the_silo_role_lacks_and_an_outdated_schema_version()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("lacks");
        Assert.Equal(MigrateCommand.Succeeded, (await database.MigrateAsync()).ExitCode);
        await PostgresSchema.VerifyAsync(database.SiloConnectionString, CancellationToken.None);

        await PostgresSql.ExecuteAsync(database.OwnerConnectionString, $"REVOKE INSERT ON orleans_grain_state FROM \"{database.SiloRole}\"");
        var lacking = await Assert.ThrowsAsync<SchemaNotReadyException>(() => PostgresSchema.VerifyAsync(database.SiloConnectionString, CancellationToken.None));
        Assert.Contains($"(role '{database.SiloRole}') is not ready: the role lacks INSERT on orleans_grain_state.", lacking.Message);
        Assert.Contains(Hint, lacking.Message);

        Assert.Equal(MigrateCommand.Succeeded, (await database.MigrateAsync()).ExitCode);
        await PostgresSql.ExecuteAsync(database.OwnerConnectionString, "UPDATE sweepgrid_schema_version SET version = '0123456789abcdef'");
        var outdated = await Assert.ThrowsAsync<SchemaNotReadyException>(() => PostgresSchema.VerifyAsync(database.SiloConnectionString, CancellationToken.None));
        Assert.Contains($"the schema is at version 0123456789ab, this silo's release needs {PostgresSchema.Version[..12]}", outdated.Message);
    }

    [Fact]
    public async Task Verify_says_so_when_the_role_may_not_even_connect()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("noconnect");
        Assert.Equal(MigrateCommand.Succeeded, (await database.MigrateAsync()).ExitCode);
        await PostgresSql.ExecuteAsync(database.AdminConnectionString,
            $"REVOKE CONNECT ON DATABASE \"{database.Name}\" FROM PUBLIC; REVOKE CONNECT ON DATABASE \"{database.Name}\" FROM \"{database.SiloRole}\"");

        var refused = await Assert.ThrowsAsync<SchemaNotReadyException>(() => PostgresSchema.VerifyAsync(database.SiloConnectionString, CancellationToken.None));

        Assert.Contains($"The role '{database.SiloRole}' may not connect to database '{database.Name}'", refused.Message);
        Assert.Contains(Hint, refused.Message);
    }

    [Fact]
    public async Task Applying_the_schema_on_the_silo_role_fails_and_says_to_verify_instead()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("applyrole");
        Assert.Equal(MigrateCommand.Succeeded, (await database.MigrateAsync()).ExitCode);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.EnsureAsync(database.SiloConnectionString, CancellationToken.None));

        Assert.Contains($"The role '{database.SiloRole}' may not change the schema", refused.Message);
        Assert.Contains("SweepGrid:Schema=verify", refused.Message);
    }
}
