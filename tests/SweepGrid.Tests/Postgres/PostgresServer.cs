using Npgsql;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// The throwaway PostgreSQL that scripts/postgres.sh runs. Started at most once per test process; the
/// script itself is idempotent and serializes concurrent starts, so parallel test runs share one server.
/// </summary>
internal static class PostgresServer
{

    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>Connection string of the server's default database (from the script's last output line).</summary>
    public static Task<string> ConnectionStringAsync() => Started.Value;

    /// <summary>Creates an empty database with a unique name (owned by <paramref name="owner"/>, if given) and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, string? owner = null)
    {
        var admin = await ConnectionStringAsync();
        var name = UniqueName(prefix);
        await ExecuteAsync(owner is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" OWNER \"{owner}\"");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Creates a role with a unique name (roles belong to the whole server, which parallel tests share) and the given
    /// attributes, e.g. "LOGIN CREATEROLE"; returns its name.
    /// </summary>
    public static async Task<string> CreateRoleAsync(string prefix, string attributes)
    {
        var name = UniqueName(prefix);
        await ExecuteAsync($"CREATE ROLE \"{name}\" {attributes}");
        return name;
    }

    /// <summary>
    /// A unique role name that no role has yet (for migrate to create); drop it with <see cref="DropRoleAsync"/>.
    /// </summary>
    public static string NewRoleName(string prefix) => UniqueName(prefix);

    /// <summary>Drops a role made by a test, if it exists; drop the databases it has rights in first.</summary>
    public static Task DropRoleAsync(string name) => ExecuteAsync($"DROP ROLE IF EXISTS \"{name}\"");

    /// <summary>A connection string for <paramref name="connectionString"/>'s server and database as another role.</summary>
    public static string As(string connectionString, string role, string? password = null) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = password }.ConnectionString;

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string UniqueName(string prefix)
    {
        var name = $"sgtest_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        return name[..Math.Min(name.Length, 63)]; // PostgreSQL's identifier limit
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<string> StartAsync() => Testing.PostgresScript.StartAsync();

}
