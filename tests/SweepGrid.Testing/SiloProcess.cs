using System.Diagnostics;
using System.Globalization;

namespace SweepGrid.Testing;

/// <summary>
/// A real silo process (the SweepGrid.SiloHost program). <see cref="Start"/> runs one in cluster mode against a PostgreSQL
/// database on free loopback ports; <see cref="StartExact"/> runs the program with exactly a given environment and
/// arguments (a manifest's container, migrate, a bad setting). It keeps its ports across <see cref="Restart"/>, as a pod
/// keeps its address: a silo that comes back on the same endpoint with a newer generation declares its dead predecessor
/// dead at once instead of waiting for missed probes. Killed on dispose if still running.
/// </summary>
public sealed class SiloProcess : IDisposable, IAsyncDisposable
{
    private const int KeptLines = 4000;

    private readonly ProcessStartInfo _info;
    private readonly string? _logFile;
    private readonly Queue<string> _log = new();
    private Process _process;

    private SiloProcess(ProcessStartInfo info, string? logFile)
    {
        _info = info;
        _logFile = logFile;
        SiloPort = PortIn(info, "SweepGrid__SiloPort");
        GatewayPort = PortIn(info, "SweepGrid__GatewayPort");
        HttpPort = Uri.TryCreate(info.Environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? urls : null, UriKind.Absolute, out var url) ? url.Port : 0;
        _process = Launch();
    }

    /// <summary>The silo-to-silo port its environment gives it (0 when it names none).</summary>
    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The port of /health, /alive and /metrics when its environment sets ASPNETCORE_URLS (0 otherwise).</summary>
    public int HttpPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code of the last start; only once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Times this silo was started (1 for a silo never restarted).</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the silo wrote (stdout and stderr) over all its starts, for failure messages.</summary>
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

    /// <summary>A silo in cluster mode on <paramref name="connectionString"/>, on free loopback ports, in plaintext.</summary>
    /// <param name="extra">More environment variables (e.g. SweepGrid__MaxFuse), over the defaults.</param>
    /// <param name="logFile">Also append every line here, for evidence after a long run.</param>
    public static SiloProcess Start(string connectionString, string clusterId, int slots, IReadOnlyDictionary<string, string>? extra = null, string? logFile = null)
    {
        var info = StartInfo([]);
        var env = new Dictionary<string, string>
        {
            ["SweepGrid__Mode"] = "cluster",
            // Loopback only; a test that needs TLS passes SweepGrid__Transport=tls and the SweepGrid__Tls__* files in extra.
            ["SweepGrid__Transport"] = "plaintext",
            ["SweepGrid__PostgresConnectionString"] = connectionString,
            ["SweepGrid__ClusterId"] = clusterId,
            ["SweepGrid__ServiceId"] = clusterId,
            ["SweepGrid__SiloPort"] = $"{FreePorts.Next()}",
            ["SweepGrid__GatewayPort"] = $"{FreePorts.Next()}",
            ["SweepGrid__AdvertisedIp"] = "127.0.0.1",
            ["SweepGrid__Slots"] = $"{slots}",
            ["SweepGrid__WatchdogInterval"] = "00:00:01",
            ["SweepGrid__LeaseTimeout"] = "00:00:30",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__SweepGrid"] = "Information",
            // Timestamps make a log line evidence: when a trial was requeued relative to a kill.
            ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__UseUtcTimestamp"] = "true",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }
        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }
        return new SiloProcess(info, logFile);
    }

    /// <summary>The silo program with <paramref name="environment"/> and nothing else but PATH and DOTNET_ROOT (to find the runtime).</summary>
    /// <param name="arguments">The container's args (e.g. migrate), after the program.</param>
    public static SiloProcess StartExact(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var info = StartInfo(arguments ?? []);
        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return new SiloProcess(info, logFile: null);
    }

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

    /// <summary>True when the process exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What the kubelet sends first when a pod is deleted: a graceful stop.</summary>
    public async Task SendSigtermAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start kill");
        var error = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}: {error}");
        }
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

    /// <summary>Starts the silo again with the same environment, so on the same ports (after <see cref="KillHard"/>).</summary>
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IReadOnlyList<string> arguments)
    {
        var dll = RepositoryLayout.BuiltDll(Path.Combine("src", "SiloHost"), "SweepGrid.SiloHost.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    private static int PortIn(ProcessStartInfo info, string name) =>
        info.Environment.TryGetValue(name, out var value) && int.TryParse(value, CultureInfo.InvariantCulture, out var port) ? port : 0;

    private Process Launch()
    {
        Starts++;
        Append($"=== silo :{SiloPort} start {Starts} at {DateTime.UtcNow:HH:mm:ss.fff}Z");
        var process = Process.Start(_info) ?? throw new InvalidOperationException("could not start the silo process");
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
