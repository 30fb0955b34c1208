using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

[Trait("Category", "Integration")]
public sealed class PostgresCheckpointStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _cts = new(Timeout);
    private PostgresCheckpointStore? _store;

    private PostgresCheckpointStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        await PostgresSchema.EnsureAsync(database.ConnectionString, _cts.Token);
        _store = new PostgresCheckpointStore(database.ConnectionString);
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
    public async Task The_silo_container_disposes_the_store_and_so_its_connection_pool()
    {
        // As AddSweepGridGrains registers it: the retrying store made by a factory, wrapping the PostgreSQL one.
        var inner = new PostgresCheckpointStore(database.ConnectionString);
        var services = new ServiceCollection();
        services.AddSingleton<ICheckpointStore>(_ => new RetryingCheckpointStore(inner, new TransientRetry(TimeSpan.FromSeconds(1), NullLogger.Instance)));
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ICheckpointStore>();
        await store.SaveAsync("sweep-dispose", "trial-1", 1, [1, 2, 3], _cts.Token);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => inner.LoadAsync("sweep-dispose", "trial-1", _cts.Token));
    }

    [Fact]
    public async Task A_saved_checkpoint_loads_back_unchanged()
    {
        var payload = Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray();

        await Store.SaveAsync("sweep-rt", "trial-1", 3, payload, _cts.Token);
        var loaded = await Store.LoadAsync("sweep-rt", "trial-1", _cts.Token);

        Assert.NotNull(loaded);
        Assert.Equal(3, loaded.Value.Epoch);
        Assert.Equal(payload, loaded.Value.Payload);
        Assert.Null(await Store.LoadAsync("sweep-rt", "trial-unknown", _cts.Token));
    }

    [Fact]
    public async Task An_older_epoch_never_overwrites_a_newer_one_but_a_newer_or_equal_one_does()
    {
        await Store.SaveAsync("sweep-epochs", "trial-1", 5, [5], _cts.Token);

        await Store.SaveAsync("sweep-epochs", "trial-1", 4, [4], _cts.Token);
        AssertCheckpoint(5, [5], await Store.LoadAsync("sweep-epochs", "trial-1", _cts.Token));

        await Store.SaveAsync("sweep-epochs", "trial-1", 5, [55], _cts.Token);
        AssertCheckpoint(5, [55], await Store.LoadAsync("sweep-epochs", "trial-1", _cts.Token));

        await Store.SaveAsync("sweep-epochs", "trial-1", 6, [6], _cts.Token);
        AssertCheckpoint(6, [6], await Store.LoadAsync("sweep-epochs", "trial-1", _cts.Token));
    }

    [Fact]
    public async Task Deleting_a_sweep_removes_its_trials_only()
    {
        await Store.SaveAsync("sweep-gone", "trial-1", 1, [1], _cts.Token);
        await Store.SaveAsync("sweep-gone", "trial-2", 2, [2], _cts.Token);
        await Store.SaveAsync("sweep-kept", "trial-1", 1, [9], _cts.Token);

        await Store.DeleteSweepAsync("sweep-gone", _cts.Token);

        Assert.Null(await Store.LoadAsync("sweep-gone", "trial-1", _cts.Token));
        Assert.Null(await Store.LoadAsync("sweep-gone", "trial-2", _cts.Token));
        AssertCheckpoint(1, [9], await Store.LoadAsync("sweep-kept", "trial-1", _cts.Token));
    }

    private static void AssertCheckpoint(int epoch, byte[] payload, (int Epoch, byte[] Payload)? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(epoch, actual.Value.Epoch);
        Assert.Equal(payload, actual.Value.Payload);
    }
}
