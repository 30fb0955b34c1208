using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Fused;

/// <summary>Describes the machine a result came from.</summary>
internal static class Machine
{
    public static MachineInfo Describe(Device device) => new(
        ProcessorCount: Environment.ProcessorCount,
        CpuModel: CpuModel(),
        Os: RuntimeInformation.OSDescription,
        Architecture: RuntimeInformation.OSArchitecture.ToString(),
        Runtime: RuntimeInformation.FrameworkDescription,
        TorchSharp: typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        TorchThreads: get_num_threads(),
        Device: device.ToString(),
        GpuName: device.type == DeviceType.CUDA ? GpuName() : null,
        LoadAverageAtStart: LoadAverage(),
        LoadAverageAtEnd: null);

    /// <summary>The 1, 5 and 15 minute load averages (Linux).</summary>
    public static string? LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? string.Join(' ', parts[..3]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The directory holding SweepGrid.sln at or above the working directory (else the working directory).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
            {
                return dir.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }

    private static string? CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>TorchSharp exposes no device name, so ask nvidia-smi; null when it is not there.</summary>
    private static string? GpuName()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name --format=csv,noheader")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null)
            {
                return null;
            }
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit(5_000);
            var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return p.ExitCode == 0 && !string.IsNullOrEmpty(first) ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
