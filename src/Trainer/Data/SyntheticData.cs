using SweepGrid.Trainer.Determinism;

namespace SweepGrid.Trainer.Data;

/// <summary>
/// A seeded, MNIST-shaped dataset for scale tests and benchmarks: 10 random 28x28 class prototypes,
/// each example a prototype plus Gaussian pixel noise, clamped to 0..255. Learnable but not trivial.
/// </summary>
public static class SyntheticData
{
    private const int Side = 28;
    private const int Classes = 10;

    public static Dataset Generate(int train, int test, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(test);
        var rng = SplitMix64.For(seed, purpose: 0x5157);
        var prototypes = new double[Classes][];
        for (var c = 0; c < Classes; c++)
        {
            prototypes[c] = new double[Side * Side];
            for (var p = 0; p < prototypes[c].Length; p++)
            {
                prototypes[c][p] = rng.NextDouble() < 0.2 ? 200 : 20;
            }
        }
        return new Dataset(DatasetNames.Synthetic, Split(train, prototypes, ref rng), Split(test, prototypes, ref rng), Classes);
    }

    private static DataSplit Split(int n, double[][] prototypes, ref SplitMix64 rng)
    {
        var pixels = new byte[n * Side * Side];
        var labels = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var c = rng.NextInt(Classes);
            labels[i] = (byte)c;
            for (var p = 0; p < Side * Side; p++)
            {
                pixels[(i * Side * Side) + p] = (byte)Math.Clamp(prototypes[c][p] + (90 * rng.NextGaussian()), 0, 255);
            }
        }
        return new DataSplit(pixels, labels, Side, Side);
    }
}
