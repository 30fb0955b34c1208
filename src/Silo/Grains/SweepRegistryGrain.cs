using System.Collections.Immutable;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Storage;

namespace SweepGrid.Silo.Grains;

/// <summary>Durable list of sweep ids, so list works and a restarted cluster knows what to resume.</summary>
public sealed class SweepRegistryGrain(
    [PersistentState("registry", StorageNames.Default)] IPersistentState<List<string>> state) : Grain, ISweepRegistryGrain
{
    public async Task RegisterAsync(string sweepId)
    {
        if (!state.State.Contains(sweepId))
        {
            // Written as a new list, so a failed write leaves the stored list current.
            var before = state.State;
            state.State = [.. before, sweepId];
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception e)
            {
                state.State = before;
                this.DeactivateOnIdle();
                throw StorageFaults.ForCaller(e, "the sweep registry");
            }
        }
    }

    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State]);
}
