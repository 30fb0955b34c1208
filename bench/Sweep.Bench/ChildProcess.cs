using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SweepGrid.Bench.Sweep;

/// <summary>Runs a program to its end and says how long it took, in wall seconds and in CPU-seconds (user + system).</summary>
internal static class ChildProcess
{
    public static (int ExitCode, double WallSeconds, double CpuSeconds) Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? log = null)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        var cpuBefore = ChildrenCpuSeconds();
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var sink = log is null ? null : new StreamWriter(log);
        void Forward(string? line, bool echo)
        {
            if (line is null)
            {
                return;
            }
            lock (start)
            {
                sink?.WriteLine(line);
                if (echo)
                {
                    Console.WriteLine(line);
                }
            }
        }
        // The CLI redraws its progress bars; only the PyTorch peer's lines are worth echoing.
        var echoOut = log is null;
        p.OutputDataReceived += (_, e) => Forward(e.Data, echoOut);
        p.ErrorDataReceived += (_, e) => Forward(e.Data, true);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        return (p.ExitCode, wall, ChildrenCpuSeconds() - cpuBefore);
    }

    /// <summary>CPU-seconds of every child this process has waited for (RUSAGE_CHILDREN).</summary>
    private static double ChildrenCpuSeconds()
    {
        // struct rusage on 64-bit Linux: utime and stime (timeval: seconds, microseconds), then 14 longs.
        var u = new long[18];
        if (!OperatingSystem.IsLinux() || GetRusage(-1, u) != 0)
        {
            return double.NaN;
        }
        return u[0] + (u[1] / 1e6) + u[2] + (u[3] / 1e6);
    }

    [DllImport("libc.so.6", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
