using System.Buffers.Binary;
using System.IO.Compression;
using SweepGrid.Contracts.Spec;
using SweepGrid.Trainer.Data;
using Xunit;

namespace SweepGrid.Tests.Data;

/// <summary>Hostile or mismatched data files end as clear errors naming the files, within bounded memory.</summary>
public sealed class DataLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-data-limits-").FullName;

    [Fact]
    public void A_gzip_bomb_behind_a_small_header_is_refused_without_decompressing_it_into_memory()
    {
        var path = Path.Combine(_dir, "bomb-images.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize))
        {
            gz.Write(Header(3, 28, 28));
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
            {
                gz.Write(zeros); // 200 MB of zeros, about 200 KB on disk
            }
        }
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3));

        Assert.Equal($"{path}: has more than 1,048,576 trailing bytes after the 3x28x28 data", e.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 8 << 20);
    }

    [Fact]
    public void A_header_declaring_more_data_than_a_dataset_may_hold_is_refused_before_allocating_it()
    {
        var path = Path.Combine(_dir, "huge-images");
        File.WriteAllBytes(path, Header(100_000, 1_000, 1_000));

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3));

        Assert.Equal($"{path}: header says 100000x1000x1000 = 100,000,000,000 bytes of data, more than the 268,435,456 a dataset file may hold", e.Message);
    }

    [Fact]
    public void Train_and_test_images_of_different_shapes_are_an_error_naming_both_files()
    {
        var root = Path.Combine(_dir, "data");
        var dir = Path.Combine(root, DatasetNames.Mnist);
        IdxFile.Write(Path.Combine(dir, "train-images-idx3-ubyte"), [2, 28, 28], new byte[2 * 28 * 28]);
        IdxFile.Write(Path.Combine(dir, "train-labels-idx1-ubyte"), [2], [0, 1]);
        IdxFile.Write(Path.Combine(dir, "t10k-images-idx3-ubyte"), [2, 14, 14], new byte[2 * 14 * 14]);
        IdxFile.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [2], [0, 1]);

        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(DatasetNames.Mnist, root));

        Assert.Equal($"{Path.Combine(dir, "t10k-images-idx3-ubyte")}: images are 14x14 but the training images ({Path.Combine(dir, "train-images-idx3-ubyte")}) are 28x28; both splits must have one shape", e.Message);
    }

    [Fact]
    public void A_home_relative_data_directory_is_expanded_and_another_users_home_is_refused()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, "datasets"), DataDirectory.Resolve("~/datasets"));
        Assert.Equal(home, DataDirectory.Resolve("~"));
        Assert.Throws<ArgumentException>(() => DataDirectory.Resolve("~bob/datasets"));
        var spec = "name: t\ndata: { dataset: mnist, dir: \"~bob/datasets\" }\nmodel: { hidden: [8] }\noptimizer: { lr: 0.1 }\nsweep: { weight_decay: [0] }\nepochs: 1\n";
        Assert.Equal("data.dir: '~bob/datasets': only '~' and '~/...' are expanded (to the home directory); give the path in full",
            Assert.Throws<SpecException>(() => SpecParser.Parse(spec)).Problems.Single().ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Header(params int[] dims)
    {
        var header = new byte[4 + (4 * dims.Length)];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dims[i]);
        }
        return header;
    }
}
