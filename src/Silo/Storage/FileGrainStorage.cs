using System.Buffers.Binary;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace SweepGrid.Silo.Storage;

/// <summary>
/// Grain state as files under a run directory (embedded mode), so a killed local run resumes where it stopped.
/// One file per grain and state name (an 8-byte ETag, then the Orleans-serialized state), written to a temporary file and renamed (atomic on POSIX); ETags are a
/// write counter, checked on every write like the database providers do.
/// </summary>
public sealed class FileGrainStorage(string root, Serializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var etag = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        grainState.State = serializer.Deserialize<T>(bytes.AsMemory(8));
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var stored = await StoredETagAsync(path);
        if (stored != grainState.ETag)
        {
            throw new InconsistentStateException($"{path}: stored ETag {stored ?? "none"} differs from {grainState.ETag ?? "none"}", stored, grainState.ETag);
        }
        var next = grainState.ETag is null ? 1 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture) + 1;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        var payload = serializer.SerializeToArray(grainState.State);
        var bytes = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, next);
        payload.CopyTo(bytes, 8);
        await File.WriteAllBytesAsync(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static async Task<string?> StoredETagAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var header = new byte[8];
        await using var f = File.OpenRead(path);
        await f.ReadExactlyAsync(header);
        return BinaryPrimitives.ReadInt64LittleEndian(header).ToString(CultureInfo.InvariantCulture);
    }

    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(root, stateName, Uri.EscapeDataString(grainId.ToString()) + ".bin");
}
