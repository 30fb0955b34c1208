namespace SweepGrid.Trainer.Data;

/// <summary>The datasets the trainer knows by name.</summary>
public static class DatasetNames
{
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion-mnist";
    public const string Synthetic = "synthetic";

    public static readonly IReadOnlyList<string> All = [Mnist, FashionMnist, Synthetic];

    /// <summary>Datasets that live in files and can be fetched.</summary>
    public static readonly IReadOnlyList<string> Fetchable = [Mnist, FashionMnist];
}
