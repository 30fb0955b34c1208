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

    public static (int[] Dims, byte[] Data) Read(string path, int expectedRank)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "file not found");
        }
        byte[] bytes;
        try
        {
            bytes = IsGzip(path) ? Gunzip(path) : File.ReadAllBytes(path);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})");
        }
        if (bytes.Length < 4)
        {
            throw new DataFormatException(path, $"truncated: {bytes.Length} bytes, too short for an IDX header");
        }
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08)
        {
            throw new DataFormatException(path,
                $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: expected 0x000008{expectedRank:X2} (IDX, unsigned bytes)");
        }
        int rank = bytes[3];
        if (rank != expectedRank)
        {
            throw new DataFormatException(path, $"has {rank} dimensions, expected {expectedRank}");
        }
        var header = 4 + (4 * rank);
        if (bytes.Length < header)
        {
            throw new DataFormatException(path, $"truncated header: {bytes.Length} bytes, expected at least {header}");
        }
        var dims = new int[rank];
        long expected = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            if (dims[i] <= 0)
            {
                throw new DataFormatException(path, $"dimension {i} is {dims[i]}, expected > 0");
            }
            expected *= dims[i];
        }
        var actual = bytes.Length - header;
        if (actual != expected)
        {
            var shape = string.Join("x", dims);
            throw new DataFormatException(path, actual < expected
                ? $"truncated: header says {shape} = {expected} bytes of data, file has {actual}"
                : $"has {actual - expected} trailing bytes after the {shape} data");
        }
        return (dims, bytes.AsSpan(header).ToArray());
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

    private static bool IsGzip(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        return f.Read(head) == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
