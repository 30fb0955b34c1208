namespace SweepGrid.Testing;

/// <summary>
/// A PostgreSQL server of one's own (scripts/postgres.sh with its own --port and --dir), so that cutting the
/// database off for a chaos test disturbs no other test sharing the default server. Commits are durable
/// (--durable): an immediate stop then loses nothing acknowledged, as with a real database.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private PrivatePostgres(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    public int Port { get; }
    public string Directory { get; }

    /// <summary>The connection string of its database (the script's last output line).</summary>
    public string ConnectionString { get; private set; } = "";

    public bool IsRunning { get; private set; }

    /// <summary>Initialises a fresh data directory on a free port and starts the server.</summary>
    public static async Task<PrivatePostgres> StartAsync(string name = "chaos")
    {
        var server = new PrivatePostgres(FreePorts.Next(), Path.Combine(Path.GetTempPath(), $"sweepgrid-{name}-pg-{Guid.NewGuid().ToString("N")[..12]}"));
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server again (same port, same data) after <see cref="StopImmediatelyAsync"/>; returns the connection string.</summary>
    public async Task<string> StartAgainAsync()
    {
        ConnectionString = await PostgresScript.StartAsync("--port", $"{Port}", "--dir", Directory, "--durable");
        IsRunning = true;
        return ConnectionString;
    }

    /// <summary>pg_ctl -m immediate: every backend quits at once and clients see their connections break.</summary>
    public async Task StopImmediatelyAsync()
    {
        await PostgresScript.RunAsync("stop", "--dir", Directory, "--immediate");
        IsRunning = false;
    }

    /// <summary>Stops the server and deletes its data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopImmediatelyAsync();
        }
        finally
        {
            foreach (var leftover in new[] { Directory + ".lock", Directory + ".initdb.log" })
            {
                File.Delete(leftover);
            }
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }
}
