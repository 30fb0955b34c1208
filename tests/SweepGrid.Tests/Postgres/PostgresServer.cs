using System.Diagnostics;
using Npgsql;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// The throwaway PostgreSQL that scripts/postgres.sh runs. Started at most once per test process; the
/// script itself is idempotent and serializes concurrent starts, so parallel test runs share one server.
/// </summary>
internal static class PostgresServer
{
    // Generous: on a machine without PostgreSQL the script installs it with apt-get first.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

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

    private static async Task<string> StartAsync()
    {
        var script = Path.Combine(FindRepositoryRoot(), "scripts", "postgres.sh");
        var info = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {ScriptTimeout}. stderr:\n{await stderr}");
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}. stderr:\n{await stderr}");
        }

        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (connectionString is null || !connectionString.StartsWith("Host=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{script} printed no connection string. stdout:\n{output}\nstderr:\n{await stderr}");
        }

        return connectionString;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SweepGrid.sln not found above {AppContext.BaseDirectory}.");
    }
}
