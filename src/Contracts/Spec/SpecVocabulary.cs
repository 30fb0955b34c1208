namespace SweepGrid.Contracts.Spec;

/// <summary>The names a spec may use. The trainer maps each to its implementation (a test keeps them in step).</summary>
public static class SpecVocabulary
{
    public static readonly IReadOnlyList<string> Datasets = ["mnist", "fashion-mnist", "synthetic"];
    public static readonly IReadOnlyList<string> Activations = ["relu", "tanh", "sigmoid"];
    public static readonly IReadOnlyList<string> Losses = ["cross_entropy", "hinge", "l1", "huber", "l2", "cosine"];
    public static readonly IReadOnlyList<string> Metrics = ["test_accuracy", "test_loss", "train_accuracy", "train_loss"];
    public static readonly IReadOnlyList<string> Modes = ["max", "min"];
    public static readonly IReadOnlyList<string> Scopes = ["last", "best", "mean_last_k"];
    public static readonly IReadOnlyList<string> Devices = ["auto", "cpu", "cuda"];
}
