using SweepGrid.Bench.Metrics;

// Scrape latency and payload of a silo's /metrics with 1,000 and 10,000 synthetic trials (no training).
//   dotnet run -c Release --project bench/Metrics.Bench [-- --scrapes N --out bench/results/metrics.json]
var options = BenchOptions.Parse(args);
var loadAtStart = BenchReport.LoadAverage();
// One discarded run first: the first silo of the process pays for JIT tiering and heap growth, which a
// long-running silo has long paid, and which otherwise lands on whichever scenario comes first.
await ScrapeBenchmark.RunAsync(2_000, 200, TextWriter.Null);
var scenarios = new List<ScenarioResult>();
foreach (var trials in options.Trials)
{
    scenarios.Add(await ScrapeBenchmark.RunAsync(trials, options.Scrapes, Console.Out));
}
await BenchReport.WriteAsync(options.Output, scenarios, options.Scrapes, loadAtStart);
Console.WriteLine($"wrote {options.Output}");
