using System.Collections.Concurrent;
using System.Diagnostics;

namespace SweepGrid.Tests.Deployment;

/// <summary>A real silo process (`dotnet SweepGrid.SiloHost.dll [args]`) with an exact environment; killed on dispose if still running.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLines = 300;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process) => _process = process;

    public static string Dll => Repository.PathOf("src", "SiloHost", "bin", Repository.BuildConfiguration, "net10.0", "SweepGrid.SiloHost.dll");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the silo wrote (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the silo with <paramref name="environment"/> and nothing else but PATH (to find the runtime).</summary>
    /// <param name="arguments">The container's args (e.g. migrate), after the program.</param>
    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        if (!File.Exists(Dll))
        {
            throw new InvalidOperationException($"{Dll} is missing; build the solution first (dotnet build SweepGrid.sln -c {Repository.BuildConfiguration}).");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

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

        var process = new Process { StartInfo = info };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>What the kubelet sends first when a pod is deleted.</summary>
    public async Task SendSigtermAsync()
    {
        var result = await ToolRun.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe());
        }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }
    }
}
