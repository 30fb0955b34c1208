using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>A real silo process (the SweepGrid.Silo program) in cluster mode against a test PostgreSQL database.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int httpPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SiloPort { get; }
    public int GatewayPort { get; }
    public int HttpPort { get; }
    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static SiloProcess Start(string connectionString, string clusterId, int slots, IDictionary<string, string>? extra = null)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet", [SiloDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = new Dictionary<string, string>
        {
            ["SweepGrid__Mode"] = "cluster",
            ["SweepGrid__PostgresConnectionString"] = connectionString,
            ["SweepGrid__ClusterId"] = clusterId,
            ["SweepGrid__ServiceId"] = clusterId,
            ["SweepGrid__SiloPort"] = $"{siloPort}",
            ["SweepGrid__GatewayPort"] = $"{gatewayPort}",
            ["SweepGrid__AdvertisedIp"] = "127.0.0.1",
            ["SweepGrid__Slots"] = $"{slots}",
            ["SweepGrid__WatchdogInterval"] = "00:00:01",
            ["SweepGrid__LeaseTimeout"] = "00:00:30",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SweepGrid"] = "Information",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo process");
        return new SiloProcess(process, siloPort, gatewayPort, httpPort);
    }

    /// <summary>Waits until /health answers 200 (the silo joined the cluster and serves).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo on port {SiloPort} exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{HttpPort}/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"silo on port {SiloPort} was not healthy within {timeout.TotalSeconds:F0}s:\n{Log}");
    }

    /// <summary>kill -9: no shutdown, no deactivation, nothing flushed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
        {
            dir = dir.Parent;
        }
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Silo", "bin", configuration, "net10.0", "SweepGrid.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build the solution first", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
