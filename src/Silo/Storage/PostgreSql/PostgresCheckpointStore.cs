using Npgsql;
using NpgsqlTypes;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// Latest checkpoint per trial in the <c>sweepgrid_checkpoint</c> table (created by
/// <see cref="PostgresSchema.EnsureAsync"/>). A trial resumed on another silo loads it from here.
/// </summary>
public sealed class PostgresCheckpointStore : ICheckpointStore, IAsyncDisposable
{
    // The WHERE on the conflict branch keeps a late, slower writer (for example a trial attempt
    // that was presumed dead) from replacing a newer checkpoint with an older one.
    private const string SaveSql = """
        INSERT INTO sweepgrid_checkpoint (sweep_id, trial_id, epoch, payload, written_at)
        VALUES (@sweep_id, @trial_id, @epoch, @payload, now())
        ON CONFLICT (sweep_id, trial_id) DO UPDATE
            SET epoch = EXCLUDED.epoch, payload = EXCLUDED.payload, written_at = EXCLUDED.written_at
            WHERE sweepgrid_checkpoint.epoch <= EXCLUDED.epoch
        """;

    private const string LoadSql = """
        SELECT epoch, payload FROM sweepgrid_checkpoint WHERE sweep_id = @sweep_id AND trial_id = @trial_id
        """;

    private const string DeleteSweepSql = "DELETE FROM sweepgrid_checkpoint WHERE sweep_id = @sweep_id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Creates a store with its own connection pool for <paramref name="connectionString"/>.</summary>
    public PostgresCheckpointStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    /// <summary>Creates a store on a shared data source, which the caller keeps owning.</summary>
    public PostgresCheckpointStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = false;
    }

    /// <summary>
    /// Stores the checkpoint unless the stored one is from a later epoch (an equal epoch overwrites,
    /// so a retried save is harmless).
    /// </summary>
    public async Task SaveAsync(string sweepId, string trialId, int epoch, byte[] payload, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentException.ThrowIfNullOrEmpty(trialId);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(payload);

        await using var command = _dataSource.CreateCommand(SaveSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        command.Parameters.AddWithValue("trial_id", trialId);
        command.Parameters.AddWithValue("epoch", epoch);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The latest checkpoint of the trial, or <see langword="null"/> when it has none.</summary>
    public async Task<(int Epoch, byte[] Payload)?> LoadAsync(string sweepId, string trialId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentException.ThrowIfNullOrEmpty(trialId);

        await using var command = _dataSource.CreateCommand(LoadSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        command.Parameters.AddWithValue("trial_id", trialId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return (reader.GetInt32(0), await reader.GetFieldValueAsync<byte[]>(1, ct));
    }

    /// <summary>Removes every checkpoint of the sweep (once it is finished or cancelled).</summary>
    public async Task DeleteSweepAsync(string sweepId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);

        await using var command = _dataSource.CreateCommand(DeleteSweepSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
