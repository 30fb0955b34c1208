using System.IO.Compression;
using SweepGrid.Trainer.Data;
using Xunit;

namespace SweepGrid.Tests.Data;

public sealed class IdxFileTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-idx-").FullName;

    [Fact]
    public void The_committed_subset_loads_with_its_documented_sizes()
    {
        var d = TestData.MnistSubset;
        Assert.Equal((2000, 500, 28, 28), (d.Train.Count, d.Test.Count, d.Train.Rows, d.Train.Columns));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), d.Train.Labels.Distinct().Order());
    }

    [Fact]
    public void Raw_and_gzipped_files_read_the_same()
    {
        var raw = Path.Combine(_dir, "raw-images");
        var gz = Path.Combine(_dir, "images.gz");
        IdxFile.Write(raw, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        IdxFile.Write(gz, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(IdxFile.Read(raw, 3).Data, IdxFile.Read(gz, 3).Data);
        Assert.Equal([2, 2, 2], IdxFile.Read(gz, 3).Dims);
    }

    [Theory]
    [InlineData("missing-images")]
    [InlineData("no-such-dir/missing-images")]
    public void A_missing_file_is_an_error_naming_it(string name)
    {
        var path = Path.Combine(_dir, name);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3));

        Assert.Equal($"{path}: file not found", e.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_gzip_magic_is_read_as_raw_and_reported_truncated()
    {
        var path = Path.Combine(_dir, "one-byte");
        File.WriteAllBytes(path, [0x1F]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3));

        Assert.Equal($"{path}: truncated: 1 bytes, too short for an IDX header", e.Message);
    }

    [Fact]
    public void A_truncated_file_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "train-images-idx3-ubyte");
        IdxFile.Write(path, [3, 28, 28], new byte[3 * 28 * 28]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 3));
        Assert.Equal($"{path}: truncated: header says 3x28x28 = 2352 bytes of data, file has 2252", e.Message);
    }

    [Fact]
    public void A_bad_magic_number_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "labels");
        File.WriteAllBytes(path, [0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 1, 5]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1));
        Assert.StartsWith($"{path}: bad magic number 0x1F000801", e.Message);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_an_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "broken.gz");
        using (var f = File.Create(path))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
        {
            gz.Write(new byte[4096]);
        }
        var bytes = File.ReadAllBytes(path);
        bytes[12] ^= 0xFF;
        bytes[13] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path, 1));
        Assert.StartsWith(path + ":", e.Message);
    }

    [Fact]
    public void Labels_and_images_must_agree_in_count()
    {
        var images = Path.Combine(_dir, "i");
        var labels = Path.Combine(_dir, "l");
        IdxFile.Write(images, [2, 1, 1], [0, 0]);
        IdxFile.Write(labels, [3], [0, 1, 2]);

        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadSplit(images, labels));
        Assert.Equal($"{labels}: holds 3 labels but i holds 2 images", e.Message);
    }

    [Fact]
    public void A_missing_dataset_says_how_to_fetch_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DatasetLoader.Load(DatasetNames.FashionMnist, _dir));
        Assert.Contains("sweepgrid data fetch fashion-mnist", e.Message);
    }

    [Fact]
    public void Synthetic_data_is_a_function_of_its_seed()
    {
        var a = SyntheticData.Generate(100, 20, seed: 7);
        var b = SyntheticData.Generate(100, 20, seed: 7);
        var c = SyntheticData.Generate(100, 20, seed: 8);
        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.NotEqual(a.Train.Pixels, c.Train.Pixels);
    }
}
