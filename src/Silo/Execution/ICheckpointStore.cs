namespace SweepGrid.Silo.Execution;

/// <summary>Trial checkpoints readable by every silo (files in embedded mode, PostgreSQL in cluster mode).</summary>
public interface ICheckpointStore
{
    /// <summary>Stores the checkpoint after <paramref name="epoch"/>; never replaces a later one.</summary>
    Task SaveAsync(string sweepId, string trialId, int epoch, byte[] payload, CancellationToken ct);

    Task<(int Epoch, byte[] Payload)?> LoadAsync(string sweepId, string trialId, CancellationToken ct);

    /// <summary>Removes every checkpoint of the sweep; nothing to remove is not an error.</summary>
    Task DeleteSweepAsync(string sweepId, CancellationToken ct);
}
