namespace SweepGrid.Testing;

/// <summary>
/// Polls until a condition holds or a deadline passes; a timeout says what was awaited and the last value
/// seen, never "timed out" alone. Probes that throw count as "not yet" while the cluster is moving grains.
/// </summary>
public static class Wait
{
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns the first probed value that satisfies <paramref name="done"/>; throws <see cref="TimeoutException"/> otherwise.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<T?, string> describe)
    {
        var (ok, last, error) = await PollAsync(probe, done, timeout);
        return ok ? last! : throw new TimeoutException($"waited {timeout.TotalSeconds:F0}s for {what}; last seen: {describe(last)}{(error is null ? "" : $"; last error: {error.GetType().Name}: {error.Message}")}");
    }

    /// <summary>Like <see cref="UntilAsync{T}"/> but reports a timeout as (false, last value) instead of throwing.</summary>
    public static async Task<(bool Done, T? Last)> TryUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var (ok, last, _) = await PollAsync(probe, done, timeout);
        return (ok, last);
    }

    private static async Task<(bool, T?, Exception?)> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = default;
        Exception? error = null;
        while (true)
        {
            try
            {
                last = await probe();
                if (last is not null && done(last))
                {
                    return (true, last, null);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A grain moving off a killed silo or a database that is down: ask again until the deadline.
                error = e;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return (false, last, error);
            }
            await Task.Delay(DefaultPoll);
        }
    }
}
