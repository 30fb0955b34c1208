using Npgsql;
using SweepGrid.Silo.Hosting;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// The password migrate gives the silo role is the one PostgreSQL checks at login. The shared test server trusts
/// every local login, so this runs a server of its own that demands SCRAM-SHA-256 from every role but its superuser.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloPasswordTests
{
    private const string SiloRole = "sweepgrid_silo";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_silo_role_logs_in_with_the_password_migrate_set_and_only_with_it()
    {
        await using var server = await PrivatePostgres.StartAsync("scram");
        var admin = server.ConnectionString;
        // First match wins: the superuser stays trusted, every other role must prove its password.
        var hba = Path.Combine(server.Directory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
        await PostgresSql.ScalarAsync<bool>(admin, "SELECT pg_reload_conf()");
        await Eventually.HoldsAsync(async () => await LoginFailsAsync(PostgresServer.As(admin, "nobody", "x")), Timeout,
            "the server applies the SCRAM rule of its reloaded pg_hba.conf");

        var first = await MigrateAsync(admin, ("SweepGrid:Migrate:SiloPassword", "first-password-1"));
        Assert.True(first.ExitCode == MigrateCommand.Succeeded, first.ToString());
        Assert.Equal("SCRAM-SHA-256$4096:", await PostgresSql.ScalarAsync<string>(admin, "SELECT left(rolpassword, 19) FROM pg_authid WHERE rolname = @p0", SiloRole));
        Assert.Equal(SiloRole, await PostgresSql.ScalarAsync<string>(PostgresServer.As(admin, SiloRole, "first-password-1"), "SELECT current_user::text"));
        Assert.True(await LoginFailsAsync(PostgresServer.As(admin, SiloRole, "wrong-password")), "a wrong password is refused");

        // A mounted secret file, ending with the line break `echo` writes.
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "second-password-2\n");
            var second = await MigrateAsync(admin, ("SweepGrid:Migrate:SiloPasswordFile", file));
            Assert.True(second.ExitCode == MigrateCommand.Succeeded, second.ToString());
            Assert.Contains($"role '{SiloRole}' password set", second.Output);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.True(await LoginFailsAsync(PostgresServer.As(admin, SiloRole, "first-password-1")), "the old password no longer works");
        Assert.Equal(SiloRole, await PostgresSql.ScalarAsync<string>(PostgresServer.As(admin, SiloRole, "second-password-2"), "SELECT current_user::text"));
    }

    private static Task<MigrateRun> MigrateAsync(string admin, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["SweepGrid:Migrate:ConnectionString"] = admin,
            ["SweepGrid:Migrate:SiloRole"] = SiloRole,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return LeastPrivilegeDatabase.RunAsync(values);
    }

    private static async Task<bool> LoginFailsAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return true;
        }
    }
}
