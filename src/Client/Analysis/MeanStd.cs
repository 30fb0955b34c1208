namespace SweepGrid.Client.Analysis;

/// <summary>Mean and sample standard deviation of one metric across the seeds of a configuration.</summary>
public readonly record struct MeanStd(double Mean, double Std)
{
    /// <summary>
    /// Mean and sample (n − 1) standard deviation; the deviation is 0 for a single value, because one seed gives
    /// no evidence of spread rather than an undefined one.
    /// </summary>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values to average", nameof(values));
        }
        var mean = values.Average();
        if (values.Count == 1)
        {
            return new MeanStd(mean, 0);
        }
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return new MeanStd(mean, Math.Sqrt(squares / (values.Count - 1)));
    }
}
