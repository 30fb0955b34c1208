using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepGrid.Bench.Search;
using SweepGrid.Contracts.Search;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"search-bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Threads is { } threads)
{
    set_num_threads(threads);
}
var outPath = Path.GetFullPath(options.Out ?? Path.Combine(Machine.RepositoryRoot(), "bench", "results", "search.json"));
if (options.Part == "a")
{
    // Part (a) runs the product twice and replaces only its own figures, so part (b)'s stay as they were measured.
    var existing = File.Exists(outPath) ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(outPath))!.AsObject() : [];
    var partA = PartA.Run(Machine.RepositoryRoot(), options.EpochsGiven ?? 20, Path.Combine(Path.GetTempPath(), "sweepgrid-search-bench"));
    partA["machine"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(Machine.Describe(Machine.LoadAverage()),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    partA["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
    partA["command"] = string.Join(' ', ["search-bench", .. args]);
    existing["part_a"] = partA;
    Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
    File.WriteAllText(outPath, existing.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    Console.WriteLine(partA.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
var machine = Machine.Describe(Machine.LoadAverage());
Console.WriteLine($"{machine.ProcessorCount} logical CPUs, torch threads {machine.TorchThreads}");

var wall = Stopwatch.StartNew();
using var data = new DeviceData(TrainedObjective.Data(options), CPU);
var objective = new TrainedObjective(options, data);
var seeds = Enumerable.Range(1, options.Seeds).Select(s => (ulong)s).ToList();
var tpeSettings = new TpeSettings();
var tpeBest = new List<TrialResult>();
var randomBest = new List<TrialResult>();
foreach (var seed in seeds)
{
    var t = SearchRun.Run(new TpeSampler(SearchRun.Space, seed, tpeSettings), options.Budget, objective.Evaluate).MinBy(r => r.BestTestLoss)!;
    var r = SearchRun.Run(new RandomSampler(SearchRun.Space, seed), options.Budget, objective.Evaluate).MinBy(r => r.BestTestLoss)!;
    tpeBest.Add(t);
    randomBest.Add(r);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seed {seed}: TPE best {t.BestTestLoss:F4} (wd {t.WeightDecay:E2}, lr {t.LearningRate:E2}); random best {r.BestTestLoss:F4} (wd {r.WeightDecay:E2}, lr {r.LearningRate:E2}); {objective.Seconds / objective.Trainings:F2} s/training"));
}

var tpeLosses = tpeBest.Select(x => x.BestTestLoss).ToList();
var randomLosses = randomBest.Select(x => x.BestTestLoss).ToList();
var wins = tpeLosses.Zip(randomLosses).Count(p => p.First < p.Second);
var ties = tpeLosses.Zip(randomLosses).Count(p => p.First == p.Second);
var tpeMedian = Median(tpeLosses);
var randomMedian = Median(randomLosses);
var partB = new PartB(
    Question: $"At a budget of {options.Budget} trials, does TPE's best test loss beat random search's in the median over {seeds.Count} search seeds?",
    Data: $"{HardSynthetic.Describe(options.Contrast)}; {options.Train} train / {options.Test} test examples. The many-seed comparison uses synthetic data so that each training is short",
    Model: $"mlp 784-{options.Hidden}-10 relu, cross entropy, SGD momentum 0.9, batch {options.Batch}, {options.Epochs} epochs, float32, CPU, model seed 1 for every trial",
    Objective: "a trial's best test loss over its epochs (diverged epochs excluded; a trial with none scores +inf); a search's figure is its best trial",
    Space: ["weight_decay log-uniform [1e-6, 1e-1]", "lr log-uniform [1e-3, 0.3]"],
    Budget: options.Budget,
    Seeds: seeds,
    Tpe: new SamplerFigures(
        $"TpeSampler(startup {tpeSettings.StartupTrials}, candidates {tpeSettings.Candidates}, prior weight {tpeSettings.PriorWeight}, magic clip {tpeSettings.ConsiderMagicClip}, endpoints {tpeSettings.ConsiderEndpoints}, gamma min(ceil(0.1 n), 25))",
        tpeMedian, tpeLosses.Average(), tpeLosses, [.. tpeBest.Select(x => new[] { x.WeightDecay, x.LearningRate })],
        BeatsRandom: tpeMedian < randomMedian, Wins: wins, Ties: ties, Of: seeds.Count),
    Random: new SamplerFigures("RandomSampler (log-uniform)", randomMedian, randomLosses.Average(), randomLosses, [.. randomBest.Select(x => new[] { x.WeightDecay, x.LearningRate })]),
    Trainings: objective.Trainings,
    TrainingsRetriedAfterNativeError: objective.NativeErrors,
    TrainingSeconds: objective.Seconds,
    SecondsPerTraining: objective.Seconds / objective.Trainings,
    WallSeconds: wall.Elapsed.TotalSeconds);

var testFunctions = TestFunctions.Run(options.Budget, seeds: 50);
var optuna = new List<JsonElement>();
foreach (var check in options.OptunaChecks)
{
    using var doc = JsonDocument.Parse(File.ReadAllText(check));
    optuna.Add(doc.RootElement.Clone());
}
var result = new SearchBenchResult(
    Benchmark: "search",
    Timestamp: DateTimeOffset.UtcNow,
    Machine: machine with { LoadAverageAtEnd = Machine.LoadAverage() },
    PartA: ExistingPartA(outPath),
    PartB: partB,
    TestFunctions: testFunctions,
    OptunaCheck: optuna,
    Command: string.Join(' ', ["search-bench", .. args]));

Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions
{
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
});
File.WriteAllText(outPath, json + "\n");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"median best test loss over {seeds.Count} seeds at {options.Budget} trials: TPE {tpeMedian:F4}, random {randomMedian:F4}; TPE better on {wins} of {seeds.Count} seeds ({ties} ties)"));
foreach (var (name, figures) in (SortedDictionary<string, Dictionary<string, double>>)testFunctions["functions"])
{
    var theirs = string.Concat(optuna
        .Where(o => o.TryGetProperty("functions", out var fs) && fs.TryGetProperty(name, out _))
        .Select(o =>
        {
            var f = o.GetProperty("functions").GetProperty(name);
            var mode = o.GetProperty("sampler").GetString()!.Contains("multivariate=False", StringComparison.Ordinal) ? "independent" : "default";
            return string.Create(CultureInfo.InvariantCulture, $"; Optuna {o.GetProperty("optuna_version").GetString()} ({mode}): TPE {f.GetProperty("tpe_median_best").GetDouble():F4}, random {f.GetProperty("random_median_best").GetDouble():F4}");
        }));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}, median best of {options.Budget} over 50 seeds: SweepGrid TPE {figures["tpe_median_best"]:F4}, random {figures["random_median_best"]:F4}{theirs}"));
}
Console.WriteLine($"wrote {outPath}");
return 0;

static double Median(List<double> xs) => TestFunctions.Median(xs);

// Part (b) keeps part (a)'s figures when it rewrites the file.
static JsonElement? ExistingPartA(string path)
{
    if (!File.Exists(path))
    {
        return null;
    }
    using var doc = JsonDocument.Parse(File.ReadAllText(path));
    return doc.RootElement.TryGetProperty("part_a", out var a) ? a.Clone() : null;
}
