namespace SweepGrid.Bench.Fused;

/// <summary>Where the benchmark ran, including how loaded the machine was (numbers from a shared box are not comparable otherwise).</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string Os,
    string Architecture,
    string Runtime,
    string TorchSharp,
    int TorchThreads,
    string Device,
    string? GpuName,
    string? LoadAverageAtStart,
    string? LoadAverageAtEnd);
