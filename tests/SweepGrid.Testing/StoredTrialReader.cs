using System.Collections.Concurrent;
using System.Collections.Immutable;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// Reads every trial of a sweep from its own grain (the truth, not the sweep's cached view), each read bounded: a grain
/// still placed on a silo that was just killed answers only once membership declares the silo dead, and one such trial
/// must not hold up the sighting of the others' epochs. Its last answer stands in until it answers again.
/// </summary>
public sealed class StoredTrialReader(ChaosCluster cluster, string sweepId, SweepSpec spec, ImmutableArray<string> trialIds)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, TrialInfo> _last = new();

    /// <summary>The sweep as its trials store it; Completed once every trial is finished.</summary>
    public async Task<SweepInfo?> ReadAsync()
    {
        await Task.WhenAll(trialIds.Select(async id =>
        {
            var read = cluster.Grains.ReadTrialAsync(sweepId, id);
            if (await Task.WhenAny(read, Task.Delay(ReadTimeout)) == read && read.IsCompletedSuccessfully && read.Result is { } info)
            {
                _last[id] = info;
            }
        }));
        if (_last.Count < trialIds.Length)
        {
            return null;
        }
        var trials = trialIds.Select(id => _last[id]).ToImmutableArray();
        return new SweepInfo
        {
            SweepId = sweepId,
            Spec = spec,
            State = trials.All(t => t.State.IsTerminal()) ? SweepState.Completed : SweepState.Running,
            Trials = trials,
        };
    }
}
