namespace SweepGrid.Bench.Search;

/// <summary>Where the benchmark ran.</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string Os,
    string Runtime,
    string TorchSharp,
    int TorchThreads,
    string? LoadAverageAtStart,
    string? LoadAverageAtEnd);
