using System.Collections.Immutable;
using Npgsql;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>Recorded epochs as rows of <c>sweepgrid_epoch</c>, one per trial and epoch (see <see cref="IEpochStore"/>).</summary>
public sealed class PostgresEpochStore : IEpochStore, IAsyncDisposable
{
    // An existing row can only be one the trial never counted (see IEpochStore): the new report replaces it.
    private const string AppendSql = """
        INSERT INTO sweepgrid_epoch (sweep_id, trial_id, epoch, train_loss, train_accuracy, test_loss, test_accuracy, seconds, samples_per_second)
        VALUES (@sweep_id, @trial_id, @epoch, @train_loss, @train_accuracy, @test_loss, @test_accuracy, @seconds, @samples_per_second)
        ON CONFLICT (sweep_id, trial_id, epoch) DO UPDATE
            SET train_loss = EXCLUDED.train_loss, train_accuracy = EXCLUDED.train_accuracy, test_loss = EXCLUDED.test_loss,
                test_accuracy = EXCLUDED.test_accuracy, seconds = EXCLUDED.seconds, samples_per_second = EXCLUDED.samples_per_second,
                recorded_at = now()
        """;

    private const string ReadSql = """
        SELECT epoch, train_loss, train_accuracy, test_loss, test_accuracy, seconds, samples_per_second
        FROM sweepgrid_epoch
        WHERE sweep_id = @sweep_id AND trial_id = @trial_id AND epoch BETWEEN @from AND @to
        ORDER BY epoch
        """;

    private const string DeleteSweepSql = "DELETE FROM sweepgrid_epoch WHERE sweep_id = @sweep_id";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresEpochStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task AppendAsync(string sweepId, string trialId, EpochRecord epoch, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(AppendSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        command.Parameters.AddWithValue("trial_id", trialId);
        command.Parameters.AddWithValue("epoch", epoch.Epoch);
        command.Parameters.AddWithValue("train_loss", epoch.TrainLoss);
        command.Parameters.AddWithValue("train_accuracy", epoch.TrainAccuracy);
        command.Parameters.AddWithValue("test_loss", epoch.TestLoss);
        command.Parameters.AddWithValue("test_accuracy", epoch.TestAccuracy);
        command.Parameters.AddWithValue("seconds", epoch.Seconds);
        command.Parameters.AddWithValue("samples_per_second", epoch.SamplesPerSecond);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ImmutableArray<EpochRecord>> ReadAsync(string sweepId, string trialId, int from, int to, CancellationToken ct)
    {
        if (to < from)
        {
            return [];
        }
        await using var command = _dataSource.CreateCommand(ReadSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        command.Parameters.AddWithValue("trial_id", trialId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var epochs = ImmutableArray.CreateBuilder<EpochRecord>();
        while (await reader.ReadAsync(ct))
        {
            epochs.Add(new EpochRecord(reader.GetInt32(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)));
        }
        return epochs.ToImmutable();
    }

    public async Task DeleteSweepAsync(string sweepId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(DeleteSweepSql);
        command.Parameters.AddWithValue("sweep_id", sweepId);
        await command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
