using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

[Trait("Category", "Integration")]
public sealed class PostgresEpochStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromMinutes(1));
    private PostgresEpochStore? _store;

    private PostgresEpochStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        await PostgresSchema.EnsureAsync(database.ConnectionString, _cts.Token);
        _store = new PostgresEpochStore(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        _cts.Dispose();
    }

    [Fact]
    public async Task Epochs_are_rows_read_back_exactly_by_range_and_a_repeated_one_replaces_the_row()
    {
        var epochs = Enumerable.Range(1, 4).Select(Epoch).ToList();
        foreach (var e in epochs)
        {
            await Store.AppendAsync("pg-range", "t", e, _cts.Token);
        }
        var again = Epoch(4) with { TestAccuracy = 0.99 };
        await Store.AppendAsync("pg-range", "t", again, _cts.Token);

        Assert.Equal<EpochRecord>([.. epochs[..3], again], await Store.ReadAsync("pg-range", "t", 1, 10, _cts.Token));
        Assert.Equal<EpochRecord>(epochs[1..3], await Store.ReadAsync("pg-range", "t", 2, 3, _cts.Token));
        Assert.Equal(4, await PostgresSql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM sweepgrid_epoch WHERE sweep_id = @p0", "pg-range"));
    }

    [Fact]
    public async Task Non_finite_values_of_a_diverged_epoch_round_trip()
    {
        await Store.AppendAsync("pg-nan", "t", new EpochRecord(1, double.NaN, 0.1, double.NegativeInfinity, 0.1, 1.5, 100), _cts.Token);

        var read = Assert.Single(await Store.ReadAsync("pg-nan", "t", 1, 1, _cts.Token));
        Assert.True(double.IsNaN(read.TrainLoss));
        Assert.Equal(double.NegativeInfinity, read.TestLoss);
    }

    [Fact]
    public async Task Deleting_a_sweep_removes_its_rows_only()
    {
        await Store.AppendAsync("pg-gone", "t", Epoch(1), _cts.Token);
        await Store.AppendAsync("pg-kept", "t", Epoch(1), _cts.Token);

        await Store.DeleteSweepAsync("pg-gone", _cts.Token);

        Assert.Empty(await Store.ReadAsync("pg-gone", "t", 1, 10, _cts.Token));
        Assert.Single(await Store.ReadAsync("pg-kept", "t", 1, 10, _cts.Token));
    }

    private static EpochRecord Epoch(int n) => new(n, 1.0 / n, 0.5 + (n / 100.0), 1.1 / n, 0.45 + (n / 100.0), 2.25, 31_337.5);
}
