using System.Diagnostics;

namespace SweepGrid.Tests.Observability;

/// <summary>Runs a command to completion with a timeout; failures carry the command's output.</summary>
internal static class Shell
{
    public static async Task<string> RunAsync(string file, string[] args, TimeSpan timeout, params (string Key, string Value)[] env)
    {
        var (code, output) = await TryRunAsync(file, args, timeout, env);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}:\n{output}");
    }

    public static async Task<(int ExitCode, string Output)> TryRunAsync(string file, string[] args, TimeSpan timeout, params (string Key, string Value)[] env)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
            }
            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
