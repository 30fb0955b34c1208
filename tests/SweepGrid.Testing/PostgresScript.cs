using System.Diagnostics;

namespace SweepGrid.Testing;

/// <summary>Runs scripts/postgres.sh (shared by the suite's server and the chaos soak's private ones).</summary>
public static class PostgresScript
{
    // Generous: on a machine without PostgreSQL the script installs it with apt-get first.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the script with <paramref name="args"/>; its stdout, or an exception with its stderr.</summary>
    public static async Task<string> RunAsync(params string[] args)
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
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"postgres.sh {string.Join(' ', args)} did not finish within {Timeout}; stderr:\n{await stderr}");
        }
        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"postgres.sh {string.Join(' ', args)} failed with exit code {process.ExitCode}; stderr:\n{await stderr}");
    }

    /// <summary>Starts (or finds running) a server; the connection string the script prints as its last line.</summary>
    public static async Task<string> StartAsync(params string[] args)
    {
        var output = await RunAsync(["start", .. args]);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is not null && last.StartsWith("Host=", StringComparison.Ordinal)
            ? last
            : throw new InvalidOperationException($"postgres.sh printed no connection string:\n{output}");
    }
}
