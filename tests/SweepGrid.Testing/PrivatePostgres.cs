using System.Diagnostics;

namespace SweepGrid.Testing;

/// <summary>
/// A PostgreSQL server of one's own (scripts/postgres.sh with its own --port and --dir), so that cutting the
/// database off for a chaos test disturbs no other test sharing the default server. Commits are durable
/// (--durable): an immediate stop then loses nothing acknowledged, as with a real database.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    // Generous: on a machine without PostgreSQL the script installs it with apt-get first.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

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
        var output = await ScriptAsync("start", "--port", $"{Port}", "--dir", Directory, "--durable");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        ConnectionString = last is not null && last.StartsWith("Host=", StringComparison.Ordinal)
            ? last
            : throw new InvalidOperationException($"postgres.sh printed no connection string:\n{output}");
        IsRunning = true;
        return ConnectionString;
    }

    /// <summary>pg_ctl -m immediate: every backend quits at once and clients see their connections break.</summary>
    public async Task StopImmediatelyAsync()
    {
        await ScriptAsync("stop", "--dir", Directory, "--immediate");
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

    private static async Task<string> ScriptAsync(params string[] args)
    {
        var script = RepositoryLayout.PathOf("scripts", "postgres.sh");
        var info = new ProcessStartInfo("bash", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {script}");
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
            throw new TimeoutException($"postgres.sh {string.Join(' ', args)} did not finish within {ScriptTimeout}; stderr:\n{await stderr}");
        }
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"postgres.sh {string.Join(' ', args)} failed with exit code {process.ExitCode}; stderr:\n{await stderr}");
    }
}
