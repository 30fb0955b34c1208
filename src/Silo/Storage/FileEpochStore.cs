using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Storage;

/// <summary>
/// Epochs as text files (embedded mode): {root}/{sweep}/{trial}.epochs, one line per epoch appended as it is recorded,
/// so an epoch costs one short append however many came before. A line cut short by a crash is ignored, and the next
/// append starts on a fresh line; when a number appears twice (a report retried after its state write failed), the
/// later line wins. Like the grain state files, lines reach the operating system before the call returns: they
/// survive the process being killed, not the machine losing power.
/// </summary>
public sealed class FileEpochStore(string root) : IEpochStore
{
    private const int Fields = 7;

    public async Task AppendAsync(string sweepId, string trialId, EpochRecord epoch, CancellationToken ct)
    {
        var path = PathOf(sweepId, trialId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var f = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var line = Format(epoch);
        if (f.Length > 0)
        {
            f.Seek(-1, SeekOrigin.End);
            if (f.ReadByte() != '\n')
            {
                // The previous append was cut short: end its line, which readers then skip as malformed.
                line = "\n" + line;
            }
        }
        f.Seek(0, SeekOrigin.End);
        await f.WriteAsync(Encoding.ASCII.GetBytes(line), ct);
    }

    public async Task<ImmutableArray<EpochRecord>> ReadAsync(string sweepId, string trialId, int from, int to, CancellationToken ct)
    {
        var path = PathOf(sweepId, trialId);
        if (!File.Exists(path) || to < from)
        {
            return [];
        }
        var found = new SortedDictionary<int, EpochRecord>();
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            if (Parse(line) is { } e && e.Epoch >= from && e.Epoch <= to)
            {
                found[e.Epoch] = e;
            }
        }
        return [.. found.Values];
    }

    public Task DeleteSweepAsync(string sweepId, CancellationToken ct)
    {
        var directory = DirectoryOf(sweepId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        return Task.CompletedTask;
    }

    internal static string Format(EpochRecord e) => string.Create(CultureInfo.InvariantCulture,
        $"{e.Epoch},{e.TrainLoss:R},{e.TrainAccuracy:R},{e.TestLoss:R},{e.TestAccuracy:R},{e.Seconds:R},{e.SamplesPerSecond:R}\n");

    internal static EpochRecord? Parse(string line)
    {
        var parts = line.Split(',');
        if (parts.Length != Fields || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) || epoch < 1)
        {
            return null;
        }
        var values = new double[Fields - 1];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }
        return new EpochRecord(epoch, values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    private string PathOf(string sweepId, string trialId) => Path.Combine(DirectoryOf(sweepId), Uri.EscapeDataString(trialId) + ".epochs");

    private string DirectoryOf(string sweepId) => Path.Combine(root, Uri.EscapeDataString(sweepId));
}
