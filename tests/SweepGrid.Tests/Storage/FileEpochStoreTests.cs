using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Storage;
using Xunit;

namespace SweepGrid.Tests.Storage;

public sealed class FileEpochStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sweepgrid-epochs-").FullName;
    private readonly FileEpochStore _store;

    public FileEpochStoreTests() => _store = new FileEpochStore(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Appended_epochs_read_back_exactly_by_range()
    {
        var epochs = Enumerable.Range(1, 5).Select(Epoch).ToList();
        foreach (var e in epochs)
        {
            await _store.AppendAsync("s", "t", e, CancellationToken.None);
        }

        Assert.Equal<EpochRecord>(epochs, await _store.ReadAsync("s", "t", 1, 5, CancellationToken.None));
        Assert.Equal<EpochRecord>(epochs[1..3], await _store.ReadAsync("s", "t", 2, 3, CancellationToken.None));
        Assert.Equal<EpochRecord>(epochs[3..], await _store.ReadAsync("s", "t", 4, 100, CancellationToken.None));
        Assert.Empty(await _store.ReadAsync("s", "t", 6, 10, CancellationToken.None));
        Assert.Empty(await _store.ReadAsync("s", "other", 1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task An_epoch_appended_again_replaces_the_earlier_entry()
    {
        await _store.AppendAsync("s", "t", Epoch(1), CancellationToken.None);
        await _store.AppendAsync("s", "t", Epoch(2), CancellationToken.None);
        var again = Epoch(2) with { TestAccuracy = 0.99 };
        await _store.AppendAsync("s", "t", again, CancellationToken.None);

        Assert.Equal<EpochRecord>([Epoch(1), again], await _store.ReadAsync("s", "t", 1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_line_cut_short_by_a_crash_is_skipped_and_the_next_append_starts_a_fresh_line()
    {
        await _store.AppendAsync("s", "t", Epoch(1), CancellationToken.None);
        var file = Directory.GetFiles(Path.Combine(_root, "s")).Single();
        await File.AppendAllTextAsync(file, "2,0.5,0.9");
        await _store.AppendAsync("s", "t", Epoch(2), CancellationToken.None);

        Assert.Equal<EpochRecord>([Epoch(1), Epoch(2)], await _store.ReadAsync("s", "t", 1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Non_finite_values_of_a_diverged_epoch_round_trip()
    {
        var diverged = new EpochRecord(1, double.NaN, 0.1, double.PositiveInfinity, 0.1, 1.5, 100);
        await _store.AppendAsync("s", "t", diverged, CancellationToken.None);

        var read = Assert.Single(await _store.ReadAsync("s", "t", 1, 1, CancellationToken.None));
        Assert.True(double.IsNaN(read.TrainLoss));
        Assert.Equal(double.PositiveInfinity, read.TestLoss);
    }

    [Fact]
    public async Task Deleting_a_sweep_removes_its_epochs_and_no_other_sweeps()
    {
        await _store.AppendAsync("gone", "t", Epoch(1), CancellationToken.None);
        await _store.AppendAsync("kept", "t", Epoch(1), CancellationToken.None);

        await _store.DeleteSweepAsync("gone", CancellationToken.None);
        await _store.DeleteSweepAsync("never-existed", CancellationToken.None);

        Assert.Empty(await _store.ReadAsync("gone", "t", 1, 10, CancellationToken.None));
        Assert.Single(await _store.ReadAsync("kept", "t", 1, 10, CancellationToken.None));
    }

    private static EpochRecord Epoch(int n) => new(n, 1.0 / n, 0.5 + (n / 100.0), 1.1 / n, 0.45 + (n / 100.0), 2.25, 31_337.5);
}
