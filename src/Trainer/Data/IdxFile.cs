using System.Buffers.Binary;
using System.IO.Compression;

namespace SweepGrid.Trainer.Data;

/// <summary>
/// Reads and writes the IDX format of MNIST (LeCun et al.): big-endian magic 0x0000_08_NN (NN = number of
/// dimensions, 08 = unsigned byte), NN big-endian int32 sizes, then the data. Files may be gzip-compressed.
/// Everything is checked: a short or oversized file is an error naming the file, never a partial dataset.
/// </summary>
public static class IdxFile
{
    public static DataSplit ReadSplit(string imagesPath, string labelsPath)
    {
        var (imageDims, pixels) = Read(imagesPath, expectedRank: 3);
        var (labelDims, labels) = Read(labelsPath, expectedRank: 1);
        if (imageDims[0] != labelDims[0])
        {
            throw new DataFormatException(labelsPath,
                $"holds {labelDims[0]} labels but {Path.GetFileName(imagesPath)} holds {imageDims[0]} images");
        }
        foreach (var label in labels)
        {
            if (label > 9)
            {
                throw new DataFormatException(labelsPath, $"label {label} is outside 0..9");
            }
        }
        return new DataSplit(pixels, labels, imageDims[1], imageDims[2]);
    }

    /// <summary>
    /// Reads an IDX file, raw or gzipped. Reads (and decompresses) no more than the header declares, plus a bounded
    /// look for trailing bytes, so a gzip bomb cannot fill memory: a file is as large as its header says or an error.
    /// </summary>
    public static (int[] Dims, byte[] Data) Read(string path, int expectedRank)
    {
        FileStream file;
        try
        {
            // One open for the gzip sniff and the read: no window in which the file can change or vanish between them.
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "file not found");
        }
        try
        {
            using (file)
            {
                using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
                return Read(stream, path, expectedRank);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})");
        }
    }

    private static (int[] Dims, byte[] Data) Read(Stream stream, string path, int expectedRank)
    {
        var magic = new byte[4];
        var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new DataFormatException(path, $"truncated: {got} bytes, too short for an IDX header");
        }
        if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08)
        {
            throw new DataFormatException(path,
                $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}: expected 0x000008{expectedRank:X2} (IDX, unsigned bytes)");
        }
        int rank = magic[3];
        if (rank != expectedRank)
        {
            throw new DataFormatException(path, $"has {rank} dimensions, expected {expectedRank}");
        }
        var header = 4 + (4 * rank);
        var sizes = new byte[4 * rank];
        got = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
        {
            throw new DataFormatException(path, $"truncated header: {4 + got} bytes, expected at least {header}");
        }
        var dims = new int[rank];
        long expected = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (dims[i] <= 0)
            {
                throw new DataFormatException(path, $"dimension {i} is {dims[i]}, expected > 0");
            }
            expected *= dims[i];
        }
        var shape = string.Join("x", dims);
        if (expected > MaxDataBytes)
        {
            throw new DataFormatException(path, $"header says {shape} = {expected:N0} bytes of data, more than the {MaxDataBytes:N0} a dataset file may hold");
        }
        var data = new byte[expected];
        var actual = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (actual < expected)
        {
            throw new DataFormatException(path, $"truncated: header says {shape} = {expected} bytes of data, file has {actual}");
        }
        var trailing = CountTrailing(stream);
        if (trailing > 0)
        {
            throw new DataFormatException(path, trailing > MaxTrailingLook
                ? $"has more than {MaxTrailingLook:N0} trailing bytes after the {shape} data"
                : $"has {trailing} trailing bytes after the {shape} data");
        }
        return (dims, data);
    }

    /// <summary>Largest data section accepted (five times the 47 MB of MNIST's training images).</summary>
    private const long MaxDataBytes = 256L << 20;

    /// <summary>How far past the declared data a file is read to report trailing bytes exactly.</summary>
    private const int MaxTrailingLook = 1 << 20;

    private static long CountTrailing(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        long count = 0;
        int n;
        while (count <= MaxTrailingLook && (n = stream.Read(buffer)) > 0)
        {
            count += n;
        }
        return count;
    }

    public static void Write(string path, ReadOnlySpan<int> dims, ReadOnlySpan<byte> data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var file = File.Create(tmp))
        using (Stream stream = path.EndsWith(".gz", StringComparison.Ordinal)
                   ? new GZipStream(file, CompressionLevel.SmallestSize)
                   : file)
        {
            Span<byte> word = stackalloc byte[4];
            stream.Write([0, 0, 0x08, (byte)dims.Length]);
            foreach (var d in dims)
            {
                BinaryPrimitives.WriteInt32BigEndian(word, d);
                stream.Write(word);
            }
            stream.Write(data);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Whether the file starts with the gzip magic; leaves it at its start.</summary>
    private static bool IsGzip(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        var gzip = file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1F && head[1] == 0x8B;
        file.Position = 0;
        return gzip;
    }
}
