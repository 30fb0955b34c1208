using System.Buffers.Binary;

namespace SweepGrid.Silo.Execution;

/// <summary>Checkpoints as files (embedded mode): {root}/{sweep}/{trial}.ckpt, replaced atomically.</summary>
public sealed class FileCheckpointStore(string root) : ICheckpointStore
{
    public async Task SaveAsync(string sweepId, string trialId, int epoch, byte[] payload, CancellationToken ct)
    {
        var path = PathOf(sweepId, trialId);
        if (await LoadEpochAsync(path, ct) is { } stored && stored > epoch)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, epoch);
        await using (var f = File.Create(tmp))
        {
            await f.WriteAsync(header, ct);
            await f.WriteAsync(payload, ct);
            await f.FlushAsync(ct);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public async Task<(int Epoch, byte[] Payload)?> LoadAsync(string sweepId, string trialId, CancellationToken ct)
    {
        var path = PathOf(sweepId, trialId);
        if (!File.Exists(path))
        {
            return null;
        }
        var bytes = await File.ReadAllBytesAsync(path, ct);
        return (BinaryPrimitives.ReadInt32LittleEndian(bytes), bytes[4..]);
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

    private static async Task<int?> LoadEpochAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var header = new byte[4];
        await using var f = File.OpenRead(path);
        return await f.ReadAsync(header, ct) == 4 ? BinaryPrimitives.ReadInt32LittleEndian(header) : null;
    }

    private string PathOf(string sweepId, string trialId) => Path.Combine(DirectoryOf(sweepId), Uri.EscapeDataString(trialId) + ".ckpt");

    private string DirectoryOf(string sweepId) => Path.Combine(root, Uri.EscapeDataString(sweepId));
}
