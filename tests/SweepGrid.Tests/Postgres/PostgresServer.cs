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

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var admin = await ConnectionStringAsync();
        var name = $"sgtest_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[..Math.Min(name.Length, 63)]; // PostgreSQL's identifier limit
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

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

    private static Task<string> StartAsync() => Testing.PostgresScript.StartAsync();

}
