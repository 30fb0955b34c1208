using SweepGrid.Silo.Hosting;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>`SweepGrid.SiloHost migrate` against the real PostgreSQL: what it refuses (exit 2), what fails (exit 1), re-runs.</summary>
[Trait("Category", "Integration")]
public sealed class MigrateCommandTests
{
    private const string Secret = "s3cret-never-printed";

    [Fact]
    public async Task Migrating_again_takes_back_rights_granted_by_hand_and_keeps_the_role()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("again");
        Assert.Equal(MigrateCommand.Succeeded, (await database.MigrateAsync()).ExitCode);
        await PostgresSql.ExecuteAsync(database.OwnerConnectionString,
            $"GRANT TRUNCATE, TRIGGER, REFERENCES ON sweepgrid_checkpoint, orleansquery TO \"{database.SiloRole}\"; " +
            $"GRANT INSERT, UPDATE ON orleansquery TO \"{database.SiloRole}\"; GRANT CREATE ON SCHEMA public TO \"{database.SiloRole}\"; " +
            $"GRANT TEMPORARY ON DATABASE \"{database.Name}\" TO \"{database.SiloRole}\"");

        // Without a password: the role exists, so migrate only grants.
        var again = await database.MigrateAsync(("SweepGrid:Migrate:SiloPassword", null));

        Assert.True(again.ExitCode == MigrateCommand.Succeeded, again.ToString());
        Assert.Contains($"role '{database.SiloRole}' existing", again.Output);
        await RoleRights.AssertExactlyAsync(database);
    }

    [Fact]
    public async Task A_silo_role_that_is_the_owner_or_privileged_or_missing_without_a_password_is_refused()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("refuse");
        var privileged = await PostgresServer.CreateRoleAsync("refuse_priv", "LOGIN CREATEDB");
        try
        {
            var owner = await database.MigrateAsync(("SweepGrid:Migrate:SiloRole", database.Owner));
            var createdb = await database.MigrateAsync(("SweepGrid:Migrate:SiloRole", privileged), ("SweepGrid:Migrate:SiloPassword", Secret));
            var missing = await database.MigrateAsync(("SweepGrid:Migrate:SiloPassword", null));

            Assert.True(owner.ExitCode == MigrateCommand.BadConfiguration, owner.ToString());
            Assert.Contains("the owner role migrate connects as", owner.Error);
            Assert.True(createdb.ExitCode == MigrateCommand.BadConfiguration, createdb.ToString());
            Assert.Contains($"role '{privileged}' has CREATEDB", createdb.Error);
            Assert.True(missing.ExitCode == MigrateCommand.BadConfiguration, missing.ToString());
            Assert.Contains($"role '{database.SiloRole}' does not exist: give SweepGrid:Migrate:SiloPassword", missing.Error);
            Assert.DoesNotContain(Secret, createdb.Printed);
            // Refused in the same transaction as the schema: nothing was applied.
            Assert.Equal(0L, await PostgresSql.ScalarAsync<long>(database.AdminConnectionString,
                "SELECT count(*) FROM pg_class WHERE relname = 'orleansquery' AND relnamespace = 'public'::regnamespace"));
        }
        finally
        {
            await PostgresServer.DropRoleAsync(privileged);
        }
    }

    [Theory]
    [InlineData(null, "sweepgrid_silo", "x", "SweepGrid:Migrate:ConnectionString (or SweepGrid:PostgresConnectionString) is required")]
    [InlineData("Host=127.0.0.1;Bogus Keyword=1;Password=" + Secret, null, null, "SweepGrid:Migrate:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("Host=127.0.0.1", null, Secret, "SweepGrid:Migrate:SiloPassword needs SweepGrid:Migrate:SiloRole")]
    [InlineData("Host=127.0.0.1", "Silo-Role", Secret, "SweepGrid:Migrate:SiloRole must be a lower-case PostgreSQL name")]
    [InlineData("Host=127.0.0.1", "pg_silo", Secret, "SweepGrid:Migrate:SiloRole must be a lower-case PostgreSQL name")]
    [InlineData("Host=127.0.0.1", "sweepgrid_silo", "pass word", "SweepGrid:Migrate:SiloPassword must be printable ASCII without spaces")]
    [InlineData("Host=127.0.0.1", "sweepgrid_silo", "pässwörd", "SweepGrid:Migrate:SiloPassword must be printable ASCII without spaces")]
    [InlineData("Host=127.0.0.1", "sweepgrid_silo", "", "SweepGrid:Migrate:SiloPassword is empty")]
    public async Task Bad_configuration_exits_2_naming_the_key_and_never_prints_a_password(string? connectionString, string? role, string? password, string expected)
    {
        var run = await LeastPrivilegeDatabase.RunAsync(new Dictionary<string, string?>
        {
            ["SweepGrid:Migrate:ConnectionString"] = connectionString,
            ["SweepGrid:Migrate:SiloRole"] = role,
            ["SweepGrid:Migrate:SiloPassword"] = password,
        });

        Assert.True(run.ExitCode == MigrateCommand.BadConfiguration, run.ToString());
        Assert.Contains(expected, run.Error);
        Assert.Contains("Usage: SweepGrid.SiloHost migrate", run.Error);
        Assert.DoesNotContain(Secret, run.Printed);
    }

    [Fact]
    public async Task A_password_and_a_password_file_together_are_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            var run = await LeastPrivilegeDatabase.RunAsync(new Dictionary<string, string?>
            {
                ["SweepGrid:Migrate:ConnectionString"] = "Host=127.0.0.1",
                ["SweepGrid:Migrate:SiloRole"] = "sweepgrid_silo",
                ["SweepGrid:Migrate:SiloPassword"] = Secret,
                ["SweepGrid:Migrate:SiloPasswordFile"] = file,
            });

            Assert.True(run.ExitCode == MigrateCommand.BadConfiguration, run.ToString());
            Assert.Contains("give SweepGrid:Migrate:SiloPassword or SweepGrid:Migrate:SiloPasswordFile, not both", run.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unreachable_server_exits_1_with_the_reason_and_the_password_hidden()
    {
        var run = await LeastPrivilegeDatabase.RunAsync(new Dictionary<string, string?>
        {
            ["SweepGrid:PostgresConnectionString"] = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=owner;Password={Secret};Database=x;Timeout=2",
        });

        Assert.True(run.ExitCode == MigrateCommand.Failed, run.ToString());
        Assert.Contains("migrate: failed on 127.0.0.1:", run.Error);
        Assert.Contains("as 'owner'", run.Error);
        Assert.DoesNotContain(Secret, run.Printed);
    }

    [Fact]
    public async Task The_ssl_mode_of_the_connection_string_is_used_as_given()
    {
        // The test server has no TLS: with SSL Mode=Require the connection must fail, which it could not if the
        // setting were dropped on the way to Npgsql.
        await using var database = await LeastPrivilegeDatabase.CreateAsync("ssl");
        var require = await database.MigrateAsync(("SweepGrid:Migrate:ConnectionString", database.OwnerConnectionString + ";SSL Mode=Require"));
        var disable = await database.MigrateAsync(("SweepGrid:Migrate:ConnectionString", database.OwnerConnectionString + ";SSL Mode=Disable"));

        Assert.True(require.ExitCode == MigrateCommand.Failed, require.ToString());
        Assert.Contains("SSL", require.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(disable.ExitCode == MigrateCommand.Succeeded, disable.ToString());
    }

    [Fact]
    public async Task Arguments_after_migrate_are_configuration_and_help_exits_0()
    {
        await using var database = await LeastPrivilegeDatabase.CreateAsync("args");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MigrateCommand.RunAsync(
            [$"--SweepGrid:Migrate:ConnectionString={database.OwnerConnectionString}", $"--SweepGrid:Migrate:SiloRole={database.SiloRole}", "--SweepGrid:Migrate:SiloPassword=abc"],
            output, error, CancellationToken.None);
        using var help = new StringWriter();

        Assert.True(exit == MigrateCommand.Succeeded, $"{output}\n{error}");
        await RoleRights.AssertExactlyAsync(database);
        Assert.Equal(MigrateCommand.Succeeded, await MigrateCommand.RunAsync(["--help"], help, error, CancellationToken.None));
        Assert.StartsWith("Usage: SweepGrid.SiloHost migrate", help.ToString(), StringComparison.Ordinal);
        Assert.True(MigrateCommand.IsInvocation(["migrate", "--x=1"]));
        Assert.False(MigrateCommand.IsInvocation(["--urls=http://*:8080", "migrate"]));
    }
}
