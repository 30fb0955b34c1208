namespace SweepGrid.Bench.Trainer;

/// <summary>The JSON document the benchmark writes (camelCase).</summary>
public sealed record BenchResult(
    string Benchmark,
    DateTimeOffset Timestamp,
    MachineInfo Machine,
    ModelInfo Model,
    Summary SamplesPerSecond,
    Summary MatmulGflops,
    double FlopsPerSample,
    double Ratio,
    double? Target,
    bool? TargetMet,
    IReadOnlyList<Round> Rounds,
    LastEpoch LastEpoch,
    string Command);

public sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string Os,
    string Architecture,
    string Runtime,
    string TorchSharp,
    int TorchThreads,
    int TorchInteropThreads,
    IReadOnlyDictionary<string, string> ThreadEnvironment,
    string Device,
    string? GpuName,
    string? LoadAverageAtStart,
    string? LoadAverageAtEnd);

public sealed record ModelInfo(
    string Architecture,
    string Activation,
    string Loss,
    string Optimizer,
    string DType,
    int BatchSize,
    long Parameters,
    int TrainExamples,
    int TestExamples,
    int MatmulSize);

public sealed record Summary(double Median, double Min, double Max);

public sealed record Round(int Index, double MatmulGflops, double SamplesPerSecond, double Ratio);

public sealed record LastEpoch(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy);
