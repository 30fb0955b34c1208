using System.Runtime.InteropServices;
using System.Text.Json;

namespace SweepGrid.Bench.Metrics;

/// <summary>Writes the results with the machine they were measured on.</summary>
internal static class BenchReport
{
    private const double TargetMs = 100;

    public static async Task WriteAsync(string path, IReadOnlyList<ScenarioResult> scenarios, int scrapes, string loadAtStart)
    {
        var report = new
        {
            benchmark = "metrics-scrape",
            description = "GET /metrics on an embedded silo whose registry holds synthetic trials (sweeps of 100, running, 1-40 epochs); " +
                "exporter response cache off; latency is request to last byte from a client on the same machine",
            command = "dotnet run -c Release --project bench/Metrics.Bench",
            measuredAt = DateTimeOffset.UtcNow,
            targetMedianMsAt10000Series = TargetMs,
            scrapesPerScenario = scrapes,
            machine = new
            {
                cpu = CpuModel(),
                logicalCores = Environment.ProcessorCount,
                memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
                os = RuntimeInformation.OSDescription,
                runtime = RuntimeInformation.FrameworkDescription,
                loadAverageAtStart = loadAtStart,
                loadAverageAtEnd = LoadAverage(),
            },
            scenarios,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");
    }

    private static string CpuModel() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
        : "unknown";

    /// <summary>1, 5 and 15 minute load averages: these machines are shared, so timings are read against them.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
