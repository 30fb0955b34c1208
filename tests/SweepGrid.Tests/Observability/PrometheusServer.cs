using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;

namespace SweepGrid.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's package, installed with apt-get when missing) run by the test itself: its own
/// port, its own temporary storage, scraping the given targets every second. Queries go through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    /// <summary>Installs Debian's prometheus package when the binaries are missing, and stops the service it starts.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Binary) && File.Exists(Promtool))
            {
                return;
            }
            await Shell.RunAsync("apt-get", ["update", "-qq"], InstallTimeout);
            await Shell.RunAsync("apt-get", ["install", "-y", "-qq", "prometheus"], InstallTimeout, ("DEBIAN_FRONTEND", "noninteractive"));
            // The package starts a system-wide Prometheus where an init system runs services; the tests run their
            // own instance on their own port and storage, so the packaged one is stopped and kept from restarting.
            await Shell.TryRunAsync("service", ["prometheus", "stop"], TimeSpan.FromSeconds(30));
            await Shell.TryRunAsync("update-rc.d", ["prometheus", "disable"], TimeSpan.FromSeconds(30));
            if (!File.Exists(Binary) || !File.Exists(Promtool))
            {
                throw new InvalidOperationException($"apt-get install prometheus did not provide {Binary} and {Promtool}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (host:port) at /metrics every second, job "sweepgrid-silos".</summary>
    public static async Task<PrometheusServer> StartAsync(params string[] targets)
    {
        await EnsureInstalledAsync();
        var dir = Directory.CreateTempSubdirectory("sweepgrid-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: sweepgrid-silos
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]
            """);
        var port = FreePorts.Next();
        var info = new ProcessStartInfo(Binary,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        await Eventually.HoldsAsync(async () => !process.HasExited && await server.IsReadyAsync(), StartTimeout,
            $"Prometheus answers /-/ready on port {port} (exited: {process.HasExited})");
        return server;
    }

    /// <summary>An instant query: the raw response (status success or error, and the result vector).</summary>
    public async Task<PromResponse> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var status = root.GetProperty("status").GetString()!;
        if (status != "success")
        {
            return new PromResponse(status, root.TryGetProperty("error", out var e) ? e.GetString() : body, []);
        }
        var data = root.GetProperty("data");
        var samples = data.GetProperty("resultType").GetString() switch
        {
            "vector" => data.GetProperty("result").EnumerateArray().Select(r => new PromSample(
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                ParseValue(r.GetProperty("value")[1].GetString()!))).ToList(),
            "scalar" => [new PromSample(new Dictionary<string, string>(), ParseValue(data.GetProperty("result")[1].GetString()!))],
            _ => [],
        };
        return new PromResponse(status, null, samples);
    }

    /// <summary>Polls <paramref name="promql"/> until <paramref name="done"/> holds for its result; returns that result.</summary>
    public async Task<IReadOnlyList<PromSample>> WaitForAsync(string promql, Func<IReadOnlyList<PromSample>, bool> done, TimeSpan timeout, string what)
    {
        IReadOnlyList<PromSample> last = [];
        await Eventually.HoldsAsync(async () =>
        {
            var r = await QueryAsync(promql);
            last = r.Samples;
            return r.Status == "success" && done(r.Samples);
        }, timeout, $"{what} (query {promql}; last result: {string.Join("; ", last)})");
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var r = await _http.GetAsync("-/ready");
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static double ParseValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}
