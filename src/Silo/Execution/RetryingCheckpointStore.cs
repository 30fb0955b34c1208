namespace SweepGrid.Silo.Execution;

/// <summary>
/// Checkpoint reads and writes retried through transient faults (a database restart must not end an attempt). Saves
/// are idempotent (the store keeps the later epoch), so a retry after a lost answer is harmless. Past the patience the
/// fault propagates, still transient, and the slot hands the trial back without counting it as a failure. It owns the
/// store it wraps: the silo's container disposes this one, and so the PostgreSQL store's connection pool with it.
/// </summary>
public sealed class RetryingCheckpointStore(ICheckpointStore inner, TransientRetry retry) : ICheckpointStore, IAsyncDisposable
{
    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    public Task SaveAsync(string sweepId, string trialId, int epoch, byte[] payload, CancellationToken ct) =>
        retry.RunAsync(c => inner.SaveAsync(sweepId, trialId, epoch, payload, c), $"checkpoint save of {sweepId}/{trialId} epoch {epoch}", ct);

    public Task<(int Epoch, byte[] Payload)?> LoadAsync(string sweepId, string trialId, CancellationToken ct) =>
        retry.RunAsync(c => inner.LoadAsync(sweepId, trialId, c), $"checkpoint load of {sweepId}/{trialId}", ct);

    public Task DeleteSweepAsync(string sweepId, CancellationToken ct) =>
        retry.RunAsync(c => inner.DeleteSweepAsync(sweepId, c), $"checkpoint removal of {sweepId}", ct);
}
