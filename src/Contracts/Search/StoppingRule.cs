using System.Globalization;

namespace SweepGrid.Contracts.Search;

/// <summary>
/// An early-stopping rule as pure functions of recorded epochs: where it decides, what a competing trial contributes at a
/// decision epoch, and the verdict given a trial's values and its competitors' contributions. <see cref="StoppingBook"/>
/// chooses the competitors (a trial's predecessors) so that decisions do not depend on timing.
/// </summary>
public abstract class StoppingRule
{
    protected StoppingRule(bool minimize, string metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        Minimize = minimize;
        Metric = metric;
    }

    /// <summary>True when smaller values of the metric are better.</summary>
    public bool Minimize { get; }

    /// <summary>The metric's name, used in reasons.</summary>
    public string Metric { get; }

    /// <summary>The 1-based epochs at which this rule decides, ascending, all below <paramref name="maxEpochs"/>.</summary>
    public abstract IReadOnlyList<int> DecisionEpochs(int maxEpochs);

    /// <summary>
    /// What a competing trial contributes at <paramref name="epoch"/>, given its values for epochs 1..epoch
    /// (<paramref name="values"/> may hold more), as a score where smaller is better and NaN counts as worst.
    /// </summary>
    public abstract double Contribution(IReadOnlyList<double> values, int epoch);

    /// <summary>
    /// The verdict for trial <paramref name="trialIndex"/> at decision epoch <paramref name="epoch"/>, given its values for
    /// epochs 1..epoch (<paramref name="values"/> may hold more) and its competitors' <see cref="Contribution"/>s sorted ascending.
    /// </summary>
    public abstract StopDecision Compare(int trialIndex, int epoch, IReadOnlyList<double> values, IReadOnlyList<double> sortedCompetitors);

    /// <summary>A metric value as a score where smaller is better; NaN becomes +infinity.</summary>
    protected double Score(double value) => double.IsNaN(value) ? double.PositiveInfinity : Minimize ? value : -value;

    /// <summary>A score back in the metric's own orientation, for reasons.</summary>
    protected double Unscore(double score) => Minimize ? score : -score;

    /// <summary>A number as reasons print it.</summary>
    protected static string Show(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    protected static void CheckEpoch(IReadOnlyList<double> values, int epoch)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (epoch < 1 || epoch > values.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"Epoch must be in 1..{values.Count} (the recorded epochs).");
        }
    }
}
