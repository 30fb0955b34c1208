using Polly;
using Polly.Retry;
using Polly.Timeout;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Retries an operation while it fails with a <see cref="TransientFaults">transient fault</see>: exponential backoff
/// with jitter capped at <see cref="MaxDelay"/>, for at most the given patience in all. Polly rather than a loop of our
/// own: its backoff, jitter and timeout composition are well tested, and the policy reads as configuration.
/// </summary>
public sealed class TransientRetry
{
    /// <summary>Longest wait between two tries, so that work resumes within seconds of the fault's end.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private static readonly ResiliencePropertyKey<string> What = new("sweepgrid.what");

    private readonly ResiliencePipeline _pipeline;

    public TransientRetry(TimeSpan patience, ILogger logger, TimeSpan? firstDelay = null)
    {
        Patience = patience;
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = patience })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFaults.Is),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = MaxDelay,
                OnRetry = args =>
                {
                    SiloLog.TransientRetry(logger, args.Context.Properties.GetValue(What, "call"), args.AttemptNumber + 1,
                        args.Outcome.Exception is { } e ? TransientFaults.Describe(e) : "?", args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    public TimeSpan Patience { get; }

    /// <summary>Runs <paramref name="call"/> on the calling thread (slot threads block by design).</summary>
    public T Run<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken ct) =>
        RunAsync(call, what, ct).GetAwaiter().GetResult();

    public void Run(Func<CancellationToken, Task> call, string what, CancellationToken ct) =>
        RunAsync(call, what, ct).GetAwaiter().GetResult();

    /// <summary>A call without a result, retried as <see cref="RunAsync{T}"/> retries one with a result.</summary>
    public Task RunAsync(Func<CancellationToken, Task> call, string what, CancellationToken ct) =>
        RunAsync(async t =>
        {
            await call(t);
            return true;
        }, what, ct);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(What, what);
        try
        {
            return await _pipeline.ExecuteAsync(async c => await call(c.CancellationToken), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
