using SweepGrid.Trainer.Data;

namespace SweepGrid.Tests;

/// <summary>The committed real MNIST subset (2,000 train / 500 test, first examples of the canonical files).</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data");

    private static readonly Lazy<Dataset> Subset = new(() => DatasetLoader.Load(DatasetNames.Mnist, Root));

    public static Dataset MnistSubset => Subset.Value;
}
