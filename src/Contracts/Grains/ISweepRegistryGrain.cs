using System.Collections.Immutable;
using Orleans.Concurrency;

namespace SweepGrid.Contracts.Grains;

/// <summary>The cluster's list of sweeps (a single grain, key 0).</summary>
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    Task RegisterAsync(string sweepId);

    Task UnregisterAsync(string sweepId);

    [ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}
