namespace SweepGrid.Contracts.Search;

/// <summary>
/// Asynchronous successive halving (Li et al. 2018) with Optuna's promotion rule
/// (<c>SuccessiveHalvingPruner._is_trial_promotable_to_next_rung</c>). Rungs sit at grace·η^k epochs for k = 0, 1, ...
/// while below the final epoch. At a rung the competing values are the competitors' values at that rung plus this trial's;
/// with promotable = max(len/η − 1, 0) the trial continues iff its value is within the best promotable + 1 (ties continue).
/// A NaN value stops the trial, as Optuna prunes it.
/// </summary>
public sealed class AshaRule : StoppingRule
{
    public AshaRule(int graceEpochs, int reductionFactor, bool minimize, string metric = "objective")
        : base(minimize, metric)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(graceEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        GraceEpochs = graceEpochs;
        ReductionFactor = reductionFactor;
    }

    /// <summary>The first rung's epoch (Optuna's min_resource).</summary>
    public int GraceEpochs { get; }

    /// <summary>η: the rung spacing and the inverse of the fraction promoted.</summary>
    public int ReductionFactor { get; }

    /// <inheritdoc />
    public override IReadOnlyList<int> DecisionEpochs(int maxEpochs)
    {
        var rungs = new List<int>();
        for (long e = GraceEpochs; e < maxEpochs; e *= ReductionFactor)
        {
            rungs.Add((int)e);
        }
        return rungs;
    }

    /// <summary>The rung (0-based) whose epoch is <paramref name="epoch"/>, or -1 when it is not a rung.</summary>
    public int RungOf(int epoch)
    {
        long e = GraceEpochs;
        for (var k = 0; e <= epoch; k++, e *= ReductionFactor)
        {
            if (e == epoch)
            {
                return k;
            }
        }
        return -1;
    }

    /// <inheritdoc />
    public override double Contribution(IReadOnlyList<double> values, int epoch)
    {
        CheckEpoch(values, epoch);
        return Score(values[epoch - 1]);
    }

    /// <summary>Optuna's promotable index for <paramref name="competing"/> values (this trial's included).</summary>
    public int PromotableIndex(int competing) => Math.Max((competing / ReductionFactor) - 1, 0);

    /// <inheritdoc />
    public override StopDecision Compare(int trialIndex, int epoch, IReadOnlyList<double> values, IReadOnlyList<double> sortedCompetitors)
    {
        CheckEpoch(values, epoch);
        ArgumentNullException.ThrowIfNull(sortedCompetitors);
        var rung = RungOf(epoch);
        var where = $"rung {rung} (epoch {epoch})";
        var value = values[epoch - 1];
        var competing = sortedCompetitors.Count + 1;
        if (double.IsNaN(value))
        {
            return new StopDecision(trialIndex, epoch, StopVerdict.Stop, $"{where}: {Metric} is NaN");
        }
        var score = Score(value);
        var promotable = PromotableIndex(competing);
        // score <= merged[promotable] exactly when fewer than promotable + 1 competitors score strictly better.
        var better = CountBelow(sortedCompetitors, score);
        var cutoff = MergedAt(sortedCompetitors, score, promotable);
        var keep = better <= promotable;
        var reason = $"{where}: {Metric} {Show(value)} {(keep ? "in" : "not in")} the top 1/{ReductionFactor} of {competing} trials (cutoff {Show(Unscore(cutoff))})";
        return new StopDecision(trialIndex, epoch, keep ? StopVerdict.Continue : StopVerdict.Stop, reason);
    }

    /// <summary>How many sorted scores are strictly below <paramref name="score"/>.</summary>
    internal static int CountBelow(IReadOnlyList<double> sorted, double score)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < score)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Element <paramref name="k"/> of the sorted competitors with <paramref name="score"/> inserted.</summary>
    private static double MergedAt(IReadOnlyList<double> sorted, double score, int k)
    {
        var at = CountBelow(sorted, score);
        return k < at ? sorted[k] : k == at ? score : sorted[k - 1];
    }
}
