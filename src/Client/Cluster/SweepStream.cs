using System.Runtime.CompilerServices;
using SweepGrid.Client.Views;
using SweepGrid.Contracts.Grains;

namespace SweepGrid.Client.Cluster;

/// <summary>
/// Follows a sweep's update stream (<see cref="ISweepGrain.WatchAsync"/>) into a <see cref="SweepView"/>: one message
/// per batch of changes, never a re-read of the whole sweep. A stream broken by the cluster (the sweep's grain moved
/// to another silo, a silo died, a message was lost) is picked up again from the last version seen, within
/// <see cref="Patience"/>.
/// </summary>
public static class SweepStream
{
    /// <summary>How long a broken stream is retried before the error is let through.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The view after each update, until the sweep finishes or <paramref name="ct"/> is cancelled; nothing when no sweep
    /// has this id.
    /// </summary>
    public static async IAsyncEnumerable<SweepView> FollowAsync(IGrainFactory grains, string sweepId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var grain = grains.GetGrain<ISweepGrain>(sweepId);
        var view = new SweepView(sweepId);
        DateTimeOffset? failingSince = null;
        while (!ct.IsCancellationRequested)
        {
            var updates = grain.WatchAsync(view.Version).GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await updates.MoveNextAsync();
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        yield break;
                    }
                    catch (Exception e) when (IsBreak(e))
                    {
                        failingSince ??= DateTimeOffset.UtcNow;
                        if (DateTimeOffset.UtcNow - failingSince > Patience)
                        {
                            throw;
                        }
                        break;
                    }
                    if (!more)
                    {
                        yield break;
                    }
                    failingSince = null;
                    view.Apply(updates.Current);
                    yield return view;
                }
            }
            finally
            {
                await DisposeQuietlyAsync(updates);
            }
            try
            {
                await Task.Delay(RetryDelay, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    // What the cluster throws when a stream breaks under it; a bug in the stream's code is let through.
    private static bool IsBreak(Exception e) => e is OrleansException or EnumerationAbortedException or TimeoutException;

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<Contracts.Sweeps.SweepUpdate> updates)
    {
        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception e) when (IsBreak(e) || e is OperationCanceledException)
        {
            // The far end is already gone; there is nothing left to release.
        }
    }
}
