using System.Diagnostics;
using OpenTelemetry.Exporter;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Metrics;

namespace SweepGrid.Bench.Metrics;

/// <summary>
/// Starts a real embedded silo (AddSweepGridSiloHost + MapSweepGridEndpoints, no slots), fills its registry with
/// synthetic trials and times scrapes of /metrics. The exporter's 300 ms response cache is switched off so every
/// scrape collects and serializes, as Prometheus' own scrapes (seconds apart) do.
/// </summary>
internal static class ScrapeBenchmark
{
    // Enough scrapes for tiered JIT to settle on optimized code; a long-running silo's scrapes run that code.
    private const int Warmup = 50;

    public static async Task<ScenarioResult> RunAsync(int trials, int scrapes, TextWriter log)
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-bench-").FullName;
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = dir, Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddSweepGridSiloHost(o =>
        {
            o.RunDirectory = dir;
            o.Slots = "0";
            o.SiloPort = FreePort();
            o.GatewayPort = FreePort();
            o.MetricsTrialLimit = Math.Max(o.MetricsTrialLimit, trials);
        });
        builder.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        await using var app = builder.Build();
        app.MapSweepGridEndpoints();
        await app.StartAsync();
        try
        {
            var sweeps = SyntheticSweeps.Publish(app.Services.GetRequiredService<MetricsRecorder>(), trials);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
            var text = "";
            for (var i = 0; i < Warmup; i++)
            {
                text = await http.GetStringAsync("metrics");
            }
            var times = new List<double>(scrapes);
            long bytes = 0;
            for (var i = 0; i < scrapes; i++)
            {
                var clock = Stopwatch.StartNew();
                var body = await http.GetByteArrayAsync("metrics");
                times.Add(clock.Elapsed.TotalMilliseconds);
                bytes = body.Length;
            }
            var lines = text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
            times.Sort();
            var result = new ScenarioResult(trials, sweeps,
                lines.Count(l => l.StartsWith("sweepgrid_", StringComparison.Ordinal)), lines.Count, bytes, scrapes,
                Percentile(times, 0.5), Percentile(times, 0.95), times.Average(), times[0], times[^1]);
            log.WriteLine($"{trials,6} trials ({result.SweepGridSeries} sweepgrid series, {result.TotalSeries} in all, {bytes / 1024.0:F0} KiB): " +
                $"median {result.MedianMs:F1} ms, p95 {result.P95Ms:F1} ms over {scrapes} scrapes");
            if (trials == 143 && log != TextWriter.Null)
            {
                // A sample of the exported lines: one trial's series, its sweep's, and the per-silo ones.
                log.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("sweepgrid_", StringComparison.Ordinal)
                    && (l.Contains("00000000beef", StringComparison.Ordinal) || (l.Contains("sweep=\"bench-0000\"", StringComparison.Ordinal) && !l.Contains("trial=", StringComparison.Ordinal))
                        || !l.Contains("sweep=", StringComparison.Ordinal)))));
            }
            return result;
        }
        finally
        {
            await app.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
