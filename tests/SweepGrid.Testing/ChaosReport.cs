using System.Collections.Immutable;

namespace SweepGrid.Testing;

/// <summary>What bench/results/chaos.json holds: the settings, the machine, and one report per fuse mode ("fuse_off", "fuse_auto").</summary>
public sealed record ChaosReport(
    string Version,
    DateTimeOffset StartedAt,
    string Settings,
    int ProcessorCount,
    string OperatingSystem,
    double ReferenceRunSeconds,
    ImmutableSortedDictionary<string, ChaosModeReport> Modes)
{
    public bool Clean => Modes.Values.All(m => m.Clean);
}
