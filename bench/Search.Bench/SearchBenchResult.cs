using System.Text.Json;

namespace SweepGrid.Bench.Search;

/// <summary>bench/results/search.json.</summary>
internal sealed record SearchBenchResult(
    string Benchmark,
    DateTimeOffset Timestamp,
    MachineInfo Machine,
    JsonElement? PartA,
    PartB PartB,
    SortedDictionary<string, object> TestFunctions,
    IReadOnlyList<JsonElement> OptunaCheck,
    string Command);
