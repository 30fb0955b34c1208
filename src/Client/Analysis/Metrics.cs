using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>Names and values of <see cref="Metric"/>: the spec's snake_case names and the words reports use.</summary>
public static class Metrics
{
    /// <summary>The metric a spec names (test_accuracy, test_loss, train_accuracy or train_loss).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="SpecVocabulary.Metrics"/>.</exception>
    public static Metric Parse(string name) => name switch
    {
        "train_loss" => Metric.TrainLoss,
        "train_accuracy" => Metric.TrainAccuracy,
        "test_loss" => Metric.TestLoss,
        "test_accuracy" => Metric.TestAccuracy,
        _ => throw new ArgumentException($"unknown metric '{name}'; expected one of {string.Join(", ", SpecVocabulary.Metrics)}", nameof(name)),
    };

    /// <summary>The spec's name of the metric, e.g. test_loss.</summary>
    public static string Name(this Metric metric) => metric switch
    {
        Metric.TrainLoss => "train_loss",
        Metric.TrainAccuracy => "train_accuracy",
        Metric.TestLoss => "test_loss",
        _ => "test_accuracy",
    };

    /// <summary>The metric in words, e.g. "test loss".</summary>
    public static string Words(this Metric metric) => metric.Name().Replace('_', ' ');

    /// <summary>The metric's value in one recorded epoch.</summary>
    public static double Of(this Metric metric, EpochRecord epoch) => metric switch
    {
        Metric.TrainLoss => epoch.TrainLoss,
        Metric.TrainAccuracy => epoch.TrainAccuracy,
        Metric.TestLoss => epoch.TestLoss,
        _ => epoch.TestAccuracy,
    };
}
