namespace SweepGrid.Contracts.Search;

/// <summary>
/// The median stopping rule (Golovin et al. 2017, Google Vizier) as Ray Tune's <c>MedianStoppingRule</c> applies it: at
/// each epoch e &gt;= grace (below the final one) a trial stops when its best value up to e is strictly worse than the
/// median of its competitors' running means up to e. With fewer than <see cref="MinSamples"/> competitors it continues.
/// </summary>
public sealed class MedianRule : StoppingRule
{
    public MedianRule(int graceEpochs, bool minimize, int minSamples = 3, string metric = "objective")
        : base(minimize, metric)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(graceEpochs);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1);
        GraceEpochs = graceEpochs;
        MinSamples = minSamples;
    }

    /// <summary>The first epoch at which a trial can be stopped (epochs before it always continue).</summary>
    public int GraceEpochs { get; }

    /// <summary>Competitors needed before the rule stops anything (Ray's min_samples_required).</summary>
    public int MinSamples { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> DecisionEpochs(int maxEpochs)
    {
        var first = Math.Max(GraceEpochs, 1);
        return first >= maxEpochs ? [] : [.. Enumerable.Range(first, maxEpochs - first)];
    }

    /// <summary>The running mean of epochs 1..epoch, as a score (smaller is better; NaN anywhere makes it worst).</summary>
    public override double Contribution(IReadOnlyList<double> values, int epoch)
    {
        CheckEpoch(values, epoch);
        var sum = 0.0;
        for (var e = 0; e < epoch; e++)
        {
            sum += values[e];
        }
        return Score(sum / epoch);
    }

    /// <summary>The best score among epochs 1..epoch (NaN epochs ignored; all NaN is worst).</summary>
    public double BestScore(IReadOnlyList<double> values, int epoch)
    {
        CheckEpoch(values, epoch);
        var best = double.PositiveInfinity;
        for (var e = 0; e < epoch; e++)
        {
            best = Math.Min(best, Score(values[e]));
        }
        return best;
    }

    /// <summary>np.median of sorted scores.</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The median of nothing is undefined.", nameof(sorted));
        }
        var n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <inheritdoc />
    public override StopDecision Compare(int trialIndex, int epoch, IReadOnlyList<double> values, IReadOnlyList<double> sortedCompetitors)
    {
        CheckEpoch(values, epoch);
        ArgumentNullException.ThrowIfNull(sortedCompetitors);
        if (sortedCompetitors.Count < MinSamples)
        {
            return new StopDecision(trialIndex, epoch, StopVerdict.Continue,
                $"epoch {epoch}: {sortedCompetitors.Count} trials to compare with, {MinSamples} needed");
        }
        var best = BestScore(values, epoch);
        var median = Median(sortedCompetitors);
        var stop = best > median;
        var reason = $"epoch {epoch}: best {Metric} {Show(Unscore(best))} {(stop ? "worse than" : "not worse than")} the median {Show(Unscore(median))} of {sortedCompetitors.Count} trials' running means";
        return new StopDecision(trialIndex, epoch, stop ? StopVerdict.Stop : StopVerdict.Continue, reason);
    }
}
