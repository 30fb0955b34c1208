using System.Diagnostics;

namespace SweepGrid.Testing;

/// <summary>
/// A real silo process (the SweepGrid.SiloHost program) in cluster mode against a PostgreSQL database. It keeps its
/// ports across <see cref="Restart"/>, as a pod keeps its address: a silo that comes back on the same endpoint
/// with a newer generation declares its dead predecessor dead at once instead of waiting for missed probes.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private const int KeptLines = 4000;

    private readonly string _connectionString;
    private readonly string _clusterId;
    private readonly int _slots;
    private readonly IReadOnlyDictionary<string, string> _extra;
    private readonly string? _logFile;
    private readonly Queue<string> _log = new();
    private Process _process;

    private SiloProcess(string connectionString, string clusterId, int slots, IReadOnlyDictionary<string, string> extra, string? logFile)
    {
        _connectionString = connectionString;
        _clusterId = clusterId;
        _slots = slots;
        _extra = extra;
        _logFile = logFile;
        (SiloPort, GatewayPort, HttpPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        _process = Launch();
    }

    public int SiloPort { get; }
    public int GatewayPort { get; }
    public int HttpPort { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Times this silo was started (1 for a silo never restarted).</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the silo wrote (stdout and stderr) over all its starts.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <param name="extra">More environment variables (e.g. SweepGrid__MaxFuse), over the defaults.</param>
    /// <param name="logFile">Also append every line here, for evidence after a long run.</param>
    public static SiloProcess Start(string connectionString, string clusterId, int slots, IReadOnlyDictionary<string, string>? extra = null, string? logFile = null) =>
        new(connectionString, clusterId, slots, extra ?? new Dictionary<string, string>(), logFile);

    /// <summary>Whether a silo address ("127.0.0.1:PORT@GENERATION", as trials and the scheduler name silos) is this silo.</summary>
    public bool Is(string? siloAddress) => siloAddress is not null && siloAddress.Contains($":{SiloPort}@", StringComparison.Ordinal);

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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>Starts the silo again on the same ports (after <see cref="KillHard"/>).</summary>
    public void Restart()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"silo on port {SiloPort} is still running; kill it first");
        }
        _process.Dispose();
        _process = Launch();
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("dotnet", [RepositoryLayout.BuiltDll(Path.Combine("src", "SiloHost"), "SweepGrid.SiloHost.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = new Dictionary<string, string>
        {
            ["SweepGrid__Mode"] = "cluster",
            // Loopback only; a test that needs TLS passes SweepGrid__Transport=tls and the SweepGrid__Tls__* files in extra.
            ["SweepGrid__Transport"] = "plaintext",
            ["SweepGrid__PostgresConnectionString"] = _connectionString,
            ["SweepGrid__ClusterId"] = _clusterId,
            ["SweepGrid__ServiceId"] = _clusterId,
            ["SweepGrid__SiloPort"] = $"{SiloPort}",
            ["SweepGrid__GatewayPort"] = $"{GatewayPort}",
            ["SweepGrid__AdvertisedIp"] = "127.0.0.1",
            ["SweepGrid__Slots"] = $"{_slots}",
            ["SweepGrid__WatchdogInterval"] = "00:00:01",
            ["SweepGrid__LeaseTimeout"] = "00:00:30",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SweepGrid"] = "Information",
            // Timestamps make a log line evidence: when a trial was requeued relative to a kill.
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__UseUtcTimestamp"] = "true",
        };
        foreach (var (k, v) in _extra)
        {
            env[k] = v;
        }
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        Starts++;
        Append($"=== silo :{SiloPort} start {Starts} at {DateTime.UtcNow:HH:mm:ss.fff}Z");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo process");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > KeptLines)
            {
                _log.Dequeue();
            }
            if (_logFile is not null)
            {
                File.AppendAllText(_logFile, line + "\n");
            }
        }
    }
}
