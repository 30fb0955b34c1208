using SweepGrid.Silo.Hosting;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Retries a slot's calls to its trial grain while the grain's silo is being declared dead and the grain
/// reactivates elsewhere from storage. Every call retried this way is idempotent on the grain (epochs by
/// number, finish and failure by lease), so a repeat after a lost response is harmless.
/// </summary>
internal static class GrainCallRetry
{
    public static T Run<T>(Func<Task<T>> call, string what, ILogger logger, TimeSpan patience, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + patience;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return call().GetAwaiter().GetResult();
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
            {
                SiloLog.GrainCallRetry(logger, what, e.GetType().Name, delay.TotalMilliseconds);
                ct.WaitHandle.WaitOne(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    public static void Run(Func<Task> call, string what, ILogger logger, TimeSpan patience, CancellationToken ct) =>
        Run(async () =>
        {
            await call();
            return true;
        }, what, logger, patience, ct);

    private static bool IsTransient(Exception e) =>
        e is OrleansMessageRejectionException or SiloUnavailableException or TimeoutException
        || e is OrleansException { InnerException: { } inner } && IsTransient(inner)
        || e.GetType().Name.Contains("ConnectionFailed", StringComparison.Ordinal);
}
