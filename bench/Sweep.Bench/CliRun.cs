using System.Globalization;
using System.Text.Json.Nodes;

namespace SweepGrid.Bench.Sweep;

/// <summary>The sweep through the real CLI, embedded: <c>sweepgrid run spec --run-dir …</c>, then its results.json read back.</summary>
internal static class CliRun
{
    public static JsonObject Run(SweepOptions o, string root, string specPath, string work, Study study)
    {
        var dll = Path.GetFullPath(o.Sweepgrid ?? Path.Combine(root, "src", "Client", "bin", "Release", "net10.0", "sweepgrid.dll"));
        var runDir = Path.Combine(work, "run");
        var log = Path.Combine(work, "sweepgrid.log");
        Console.WriteLine($"sweepgrid run {specPath} --run-dir {runDir} (log {log})");
        var loadStart = Load.Now();
        var (code, wall, cpu) = ChildProcess.Run("dotnet", [dll, "run", specPath, "--run-dir", runDir], log: log);
        if (code != 0)
        {
            throw new InvalidOperationException($"sweepgrid run exited {code}; see {log}");
        }
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "results.json")))!;
        var trials = results["trials"]!.AsArray().Select(t => (
            t!["point"]!["weight_decay"]!.GetValue<double>(),
            (IReadOnlyList<double[]>)[.. t["epochs"]!.AsArray().Select(e => new[]
            {
                e!["train_loss"]!.GetValue<double>(), e["train_accuracy"]!.GetValue<double>(),
                e["test_loss"]!.GetValue<double>(), e["test_accuracy"]!.GetValue<double>(), e["seconds"]!.GetValue<double>(),
            })])).ToList();
        var fused = results["trials"]!.AsArray().Any(t => t!["fused_with"] is JsonArray { Count: > 0 });
        var training = Curves.TrainingSeconds(trials, fused);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweepgrid: {training:F1} s training, {wall:F1} s wall, {cpu:F1} CPU-s; selected {results["selection"]?["winner"]?["label"]}"));
        return new JsonObject
        {
            ["how"] = "sweepgrid run (embedded silo), the real CLI",
            ["fused"] = fused,
            ["training_seconds"] = training,
            ["wall_seconds"] = wall,
            ["cpu_seconds"] = cpu,
            ["cpu_seconds_per_training_second"] = cpu / training,
            ["load_average_at_start"] = loadStart,
            ["load_average_at_end"] = Load.Now(),
            ["selected_weight_decay"] = results["selection"]?["winner"]?["label"]?.DeepClone(),
            ["selection_reason"] = results["selection"]?["reason"]?.DeepClone(),
            ["curves"] = Curves.Describe(trials),
        };
    }
}
