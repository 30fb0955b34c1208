using System.Collections.Immutable;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Storage;

namespace SweepGrid.Silo.Grains;

/// <summary>Durable list of sweep ids, so list works and a restarted cluster knows what to resume.</summary>
public sealed class SweepRegistryGrain(
    [PersistentState("registry", StorageNames.Default)] IPersistentState<List<string>> state) : Grain, ISweepRegistryGrain
{
    public Task RegisterAsync(string sweepId) =>
        state.State.Contains(sweepId) ? Task.CompletedTask : WriteAsync([.. state.State, sweepId]);

    public Task UnregisterAsync(string sweepId) =>
        state.State.Contains(sweepId) ? WriteAsync([.. state.State.Where(id => id != sweepId)]) : Task.CompletedTask;

    /// <summary>Writes <paramref name="next"/> as a new list, so a failed write leaves the stored list current.</summary>
    private async Task WriteAsync(List<string> next)
    {
        var before = state.State;
        state.State = next;
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

    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult<ImmutableArray<string>>([.. state.State]);
}
