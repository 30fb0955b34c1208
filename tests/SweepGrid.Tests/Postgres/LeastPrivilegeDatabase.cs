using Microsoft.Extensions.Configuration;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// A fresh database owned by a role that is no superuser (LOGIN CREATEROLE, as a managed PostgreSQL hands out), and a
/// silo role name that migrate creates. Both roles are unique, since roles belong to the whole shared server.
/// </summary>
internal sealed class LeastPrivilegeDatabase : IAsyncDisposable
{
    public const string SiloPassword = "silo-test-password";

    private LeastPrivilegeDatabase(string owner, string siloRole, string adminConnectionString)
    {
        Owner = owner;
        SiloRole = siloRole;
        AdminConnectionString = adminConnectionString;
    }

    public string Owner { get; }

    public string SiloRole { get; }

    /// <summary>The server's superuser in this database, for assertions behind the roles' backs.</summary>
    public string AdminConnectionString { get; }

    public string Name => new Npgsql.NpgsqlConnectionStringBuilder(AdminConnectionString).Database!;

    public string OwnerConnectionString => PostgresServer.As(AdminConnectionString, Owner);

    public string SiloConnectionString => PostgresServer.As(AdminConnectionString, SiloRole, SiloPassword);

    public static async Task<LeastPrivilegeDatabase> CreateAsync(string prefix)
    {
        var owner = await PostgresServer.CreateRoleAsync($"{prefix}_owner", "LOGIN CREATEROLE");
        var admin = await PostgresServer.CreateDatabaseAsync(prefix, owner);
        return new LeastPrivilegeDatabase(owner, PostgresServer.NewRoleName($"{prefix}_silo"), admin);
    }

    /// <summary>Runs migrate as the owner for the silo role with its password; <paramref name="settings"/> override or add keys.</summary>
    public Task<MigrateRun> MigrateAsync(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["SweepGrid:Migrate:ConnectionString"] = OwnerConnectionString,
            ["SweepGrid:Migrate:SiloRole"] = SiloRole,
            ["SweepGrid:Migrate:SiloPassword"] = SiloPassword,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return RunAsync(values);
    }

    /// <summary>Runs the migrate command with exactly <paramref name="settings"/> as its configuration.</summary>
    public static async Task<MigrateRun> RunAsync(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exit = await MigrateCommand.RunAsync(configuration, output, error, timeout.Token);
        return new MigrateRun(exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await PostgresServer.DropDatabaseAsync(AdminConnectionString);
        await PostgresServer.DropRoleAsync(SiloRole);
        await PostgresServer.DropRoleAsync(Owner);
    }
}
