using System.Collections.Immutable;
using System.Diagnostics;
using SweepGrid.Client.Reports;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// An uninterrupted `sweepgrid run SPEC --run-dir DIR` of a spec (the CLI's embedded mode, in its own process),
/// read back from DIR/results.json: what a chaos run's metrics must equal.
/// </summary>
public static class ReferenceRun
{
    public static async Task<ImmutableArray<TrialInfo>> RunAsync(string specYaml, string directory, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var spec = Path.Combine(directory, "spec-in.yaml");
        await File.WriteAllTextAsync(spec, specYaml);
        var runDir = Path.Combine(directory, "run");
        var info = new ProcessStartInfo("dotnet", [RepositoryLayout.BuiltDll(Path.Combine("src", "Client"), "sweepgrid.dll"), "run", spec, "--run-dir", runDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sweepgrid run");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sweepgrid run did not finish within {timeout.TotalSeconds:F0}s:\n{await stdout}\n{await stderr}");
        }
        var results = Path.Combine(runDir, RunOutputs.ResultsJson);
        // Exit code 1 also means "no weight decay could be chosen", which says nothing about the metrics.
        if (process.ExitCode is not (0 or 1) || !File.Exists(results))
        {
            throw new InvalidOperationException($"sweepgrid run exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
        var sweep = RunOutputs.ReadResults(results);
        return sweep.State == SweepState.Completed
            ? sweep.Trials
            : throw new InvalidOperationException($"the reference run ended {sweep.State}: {SweepWaits.Describe(sweep)}");
    }
}
