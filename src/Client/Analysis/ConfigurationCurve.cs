using System.Collections.Immutable;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// A configuration's learning curve averaged over its seeds, on the epochs every one of those seeds recorded.
/// </summary>
/// <param name="Configuration">The configuration.</param>
/// <param name="Label">Its label among the configurations it was aggregated with (e.g. "5e-4").</param>
/// <param name="TrialIds">The averaged trials.</param>
/// <param name="Seeds">The averaged trials' seeds, ascending.</param>
/// <param name="Epochs">Per-epoch mean ± std, in epoch order.</param>
public sealed record ConfigurationCurve(
    Configuration Configuration,
    string Label,
    ImmutableArray<string> TrialIds,
    ImmutableArray<long> Seeds,
    ImmutableArray<EpochAggregate> Epochs)
{
    /// <summary>How many seeds the curve averages.</summary>
    public int SeedCount => Seeds.Length;
}
