using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Storage;

/// <summary>
/// Trials' recorded epochs, one entry each, appended as they are recorded (PostgreSQL rows in cluster mode, an
/// append-only file per trial in embedded mode), so recording an epoch costs the same at epoch 1 and at epoch 1,000.
/// <para>
/// The trial grain's stored epoch count is the truth: an entry beyond it was written by an epoch report whose state
/// write did not happen, and the next report of that epoch replaces it. Readers ask only for epochs up to the count.
/// </para>
/// </summary>
public interface IEpochStore
{
    /// <summary>Stores <paramref name="epoch"/>, replacing an entry with its number (one the trial never counted).</summary>
    Task AppendAsync(string sweepId, string trialId, EpochRecord epoch, CancellationToken ct);

    /// <summary>Epochs <paramref name="from"/> … <paramref name="to"/> (1-based, inclusive) that are stored, in order.</summary>
    Task<ImmutableArray<EpochRecord>> ReadAsync(string sweepId, string trialId, int from, int to, CancellationToken ct);

    /// <summary>Removes every epoch of the sweep; nothing to remove is not an error.</summary>
    Task DeleteSweepAsync(string sweepId, CancellationToken ct);
}
