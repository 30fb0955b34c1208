namespace SweepGrid.Bench.Fused;

/// <summary>What bench/results/fused.json holds.</summary>
internal sealed record BenchResult(
    string Benchmark,
    DateTimeOffset Timestamp,
    MachineInfo Machine,
    string Architecture,
    string Optimizer,
    string DType,
    string Allocator,
    int BatchSize,
    int BatchesPerEpoch,
    long Parameters,
    int Rounds,
    IReadOnlyList<Measurement> Results,
    string Notes,
    string Command);
