using SweepGrid.Trainer.Data;

namespace SweepGrid.Bench.Search;

/// <summary>
/// MNIST-shaped synthetic classes that overlap: each class is a ±contrast pattern around grey 128 and each example adds
/// Gaussian pixel noise (sd 90). <see cref="SyntheticData"/>'s prototypes are so far apart that every reasonable setting
/// reaches zero test loss, which leaves nothing to search; with low contrast and few training examples a small MLP
/// overfits unless weight decay and learning rate are right, as on real data.
/// </summary>
internal static class HardSynthetic
{
    private const int Side = 28;
    private const int Classes = 10;
    private const double Noise = 90;

    public static string Describe(double contrast) =>
        $"synthetic: 10 classes, each a random ±{contrast} pattern around grey 128 on 28x28 pixels, every example the pattern plus Gaussian noise (sd {Noise}), clamped to 0..255, seed 7";

    public static Dataset Generate(int train, int test, double contrast, ulong seed)
    {
        var rng = new Random((int)seed);
        var prototypes = new double[Classes][];
        for (var c = 0; c < Classes; c++)
        {
            prototypes[c] = new double[Side * Side];
            for (var p = 0; p < prototypes[c].Length; p++)
            {
                prototypes[c][p] = 128 + (rng.Next(2) == 0 ? -contrast : contrast);
            }
        }
        return new Dataset(DatasetNames.Synthetic, Split(train, prototypes, rng), Split(test, prototypes, rng), Classes);
    }

    private static DataSplit Split(int n, double[][] prototypes, Random rng)
    {
        var pixels = new byte[n * Side * Side];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var c = rng.Next(Classes);
            labels[i] = (byte)c;
            for (var p = 0; p < Side * Side; p++)
            {
                var g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                pixels[(i * Side * Side) + p] = (byte)Math.Clamp(Math.Round(prototypes[c][p] + (Noise * g)), 0, 255);
            }
        }
        return new DataSplit(pixels, labels, Side, Side);
    }
}
