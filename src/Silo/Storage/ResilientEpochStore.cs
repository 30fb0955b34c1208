using System.Collections.Immutable;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Silo.Storage;

/// <summary>
/// The epoch store as grains use it: a short database blip is retried (for <see cref="ResilientGrainStorage.Patience"/>,
/// as grain state is), a longer outage becomes <see cref="StorageUnavailableException"/>, which crosses grain
/// boundaries, so the slot reporting an epoch retries rather than failing its trial. Appends are idempotent (see
/// <see cref="IEpochStore"/>), so a retry after a lost answer is harmless. Owns the store it wraps.
/// </summary>
public sealed class ResilientEpochStore(IEpochStore inner, TransientRetry retry) : IEpochStore, IAsyncDisposable
{
    public Task AppendAsync(string sweepId, string trialId, EpochRecord epoch, CancellationToken ct) =>
        GuardAsync(c => inner.AppendAsync(sweepId, trialId, epoch, c), $"store epoch {epoch.Epoch} of {sweepId}/{trialId}", ct);

    public async Task<ImmutableArray<EpochRecord>> ReadAsync(string sweepId, string trialId, int from, int to, CancellationToken ct)
    {
        var read = ImmutableArray<EpochRecord>.Empty;
        await GuardAsync(async c => read = await inner.ReadAsync(sweepId, trialId, from, to, c), $"read epochs of {sweepId}/{trialId}", ct);
        return read;
    }

    public Task DeleteSweepAsync(string sweepId, CancellationToken ct) =>
        GuardAsync(c => inner.DeleteSweepAsync(sweepId, c), $"remove the epochs of {sweepId}", ct);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private async Task GuardAsync(Func<CancellationToken, Task> operation, string what, CancellationToken ct)
    {
        try
        {
            await retry.RunAsync(operation, what, ct);
        }
        catch (Exception e) when (e is not StorageUnavailableException && TransientFaults.Is(e))
        {
            // Npgsql's exceptions have no codec: the caller gets a transient fault it can catch and retry.
            throw new StorageUnavailableException($"could not {what}: {TransientFaults.Describe(e)}");
        }
    }
}
