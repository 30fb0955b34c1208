using System.Data.Common;
using System.Net.Sockets;
using Orleans.Storage;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Silo.Storage;

/// <summary>
/// Wraps the grain storage provider: rides out a short database blip with a few quick retries, and turns a longer
/// outage into <see cref="StorageUnavailableException"/>, which (unlike Npgsql's exceptions) crosses grain boundaries,
/// so callers see a transient fault they retry instead of a serialization error. ETag conflicts pass through unchanged:
/// after a write whose outcome was lost, the grain must re-read rather than write again.
/// </summary>
public sealed class ResilientGrainStorage(IGrainStorage inner, TransientRetry retry) : IGrainStorage
{
    /// <summary>How long storage calls are retried before the grain call fails as transient.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    private async Task Guard(Func<Task> operation, string verb, string stateName, GrainId grainId)
    {
        try
        {
            await retry.RunAsync(async _ =>
            {
                try
                {
                    await operation();
                }
                catch (Exception e) when (IsProviderFault(e))
                {
                    throw new StorageUnavailableException($"could not {verb} {stateName} state of {grainId}: {Root(e)}");
                }
            }, $"{verb} of {stateName} state of {grainId}", CancellationToken.None);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            throw new StorageUnavailableException($"could not {verb} {stateName} state of {grainId} within {Patience.TotalSeconds:F0} s");
        }
    }

    // Orleans' ADO.NET provider lets DbException (NpgsqlException) through, sometimes wrapped; keep only type and message.
    private static bool IsProviderFault(Exception e) => e is not (InconsistentStateException or StorageUnavailableException)
        && (e is DbException or SocketException or TimeoutException or IOException || e.InnerException is { } i && IsProviderFault(i));

    private static string Root(Exception e) => e.InnerException is { } i && e is not DbException ? Root(i) : TransientFaults.Describe(e);
}
