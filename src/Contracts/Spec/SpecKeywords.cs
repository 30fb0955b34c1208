namespace SweepGrid.Contracts.Spec;

/// <summary>
/// The spec's vocabulary: one keyword table per keyword field, used by <see cref="SpecParser"/> to read and by every
/// report, fingerprint and file to write. A keyword printed anywhere comes from here, so it reads as the spec wrote it.
/// </summary>
public static class SpecKeywords
{
    public static readonly KeywordTable<DatasetName> Datasets = new("dataset",
        (DatasetName.Mnist, "mnist"), (DatasetName.FashionMnist, "fashion-mnist"), (DatasetName.Synthetic, "synthetic"));

    public static readonly KeywordTable<HiddenActivation> Activations = new("activation",
        (HiddenActivation.Relu, "relu"), (HiddenActivation.Tanh, "tanh"), (HiddenActivation.Sigmoid, "sigmoid"));

    public static readonly KeywordTable<LossFunction> Losses = new("loss",
        (LossFunction.CrossEntropy, "cross_entropy"), (LossFunction.Hinge, "hinge"), (LossFunction.L1, "l1"),
        (LossFunction.Huber, "huber"), (LossFunction.L2, "l2"), (LossFunction.Cosine, "cosine"));

    public static readonly KeywordTable<Metric> Metrics = new("metric",
        (Metric.TestAccuracy, "test_accuracy"), (Metric.TestLoss, "test_loss"),
        (Metric.TrainAccuracy, "train_accuracy"), (Metric.TrainLoss, "train_loss"));

    public static readonly KeywordTable<SelectionGoal> Goals = new("mode", (SelectionGoal.Max, "max"), (SelectionGoal.Min, "min"));

    public static readonly KeywordTable<SelectionScope> Scopes = new("scope",
        (SelectionScope.Last, "last"), (SelectionScope.Best, "best"), (SelectionScope.MeanLastK, "mean_last_k"));

    public static readonly KeywordTable<DevicePreference> Devices = new("device",
        (DevicePreference.Auto, "auto"), (DevicePreference.Cpu, "cpu"), (DevicePreference.Cuda, "cuda"));

    public static readonly KeywordTable<SearchAlgorithm> SearchAlgorithms = new("search algorithm",
        (SearchAlgorithm.Grid, "grid"), (SearchAlgorithm.Random, "random"), (SearchAlgorithm.Tpe, "tpe"));

    public static readonly KeywordTable<StoppingAlgorithm> StoppingAlgorithms = new("early-stopping algorithm",
        (StoppingAlgorithm.None, "none"), (StoppingAlgorithm.Asha, "asha"), (StoppingAlgorithm.Median, "median"));

    public static string Keyword(this SearchAlgorithm value) => SearchAlgorithms.Keyword(value);

    public static string Keyword(this StoppingAlgorithm value) => StoppingAlgorithms.Keyword(value);

    public static string Keyword(this DatasetName value) => Datasets.Keyword(value);

    public static string Keyword(this HiddenActivation value) => Activations.Keyword(value);

    public static string Keyword(this LossFunction value) => Losses.Keyword(value);

    public static string Keyword(this Metric value) => Metrics.Keyword(value);

    public static string Keyword(this SelectionGoal value) => Goals.Keyword(value);

    public static string Keyword(this SelectionScope value) => Scopes.Keyword(value);

    public static string Keyword(this DevicePreference value) => Devices.Keyword(value);

    /// <summary>Whether a higher value of the metric is better (accuracies), which is the default mode: max, else min.</summary>
    public static SelectionGoal DefaultGoal(this Metric metric) => metric is Metric.TestLoss or Metric.TrainLoss ? SelectionGoal.Min : SelectionGoal.Max;
}
