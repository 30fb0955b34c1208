using System.Globalization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// What a trial trains, without its seed: the trials of one configuration differ only by seed, so their curves
/// are averaged and the configuration, not the trial, is what a selection chooses. Learning rate, momentum, batch size
/// and hidden widths are null when the sweep leaves them at the spec's value.
/// </summary>
public sealed record Configuration(double WeightDecay, HiddenActivation Activation, LossFunction Loss)
{
    public double? Lr { get; init; }
    public double? Momentum { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>Hidden widths joined by '-' (e.g. "256-128"), so configurations compare by value.</summary>
    public string? Hidden { get; init; }

    /// <summary>The configuration a trial belongs to.</summary>
    public static Configuration Of(TrialPoint point) => new(point.WeightDecay, point.Activation, point.Loss)
    {
        Lr = point.Lr, Momentum = point.Momentum, BatchSize = point.BatchSize, Hidden = point.Hidden.IsEmpty ? null : string.Join('-', point.Hidden),
    };

    /// <summary>
    /// Short label: the decay as people write it (5e-4), followed by each other value only when the sweep varies it, so
    /// a plain weight-decay sweep reads "5e-4" and not "5e-4 relu cross_entropy".
    /// </summary>
    public string Label(bool withActivation, bool withLoss) => Label(new Varied(true, false, false, false, false, withActivation, withLoss));

    private string Label(Varied varied)
    {
        var parts = new List<string>();
        if (varied.Decay)
        {
            parts.Add(DecayLabel.Format(WeightDecay));
        }
        if (varied.Lr && Lr is { } lr)
        {
            parts.Add("lr " + Short(lr));
        }
        if (varied.Momentum && Momentum is { } m)
        {
            parts.Add("m " + Short(m));
        }
        if (varied.Batch && BatchSize is { } b)
        {
            parts.Add("bs " + b.ToString(CultureInfo.InvariantCulture));
        }
        if (varied.Hidden && Hidden is { } h)
        {
            parts.Add(h);
        }
        if (varied.Activation)
        {
            parts.Add(Activation.Keyword());
        }
        if (varied.Loss)
        {
            parts.Add(Loss.Keyword());
        }
        return parts.Count == 0 ? DecayLabel.Format(WeightDecay) : string.Join(' ', parts);
    }

    /// <summary>Labels for a set of configurations, naming each value only where it differs.</summary>
    public static IReadOnlyDictionary<Configuration, string> Labels(IEnumerable<Configuration> configurations)
    {
        var all = configurations.Distinct().ToList();
        bool Differs<T>(Func<Configuration, T> f) => all.Select(f).Distinct().Count() > 1;
        var varied = new Varied(
            Differs(c => c.WeightDecay) || !(Differs(c => c.Lr) || Differs(c => c.Momentum) || Differs(c => c.BatchSize) || Differs(c => c.Hidden)),
            Differs(c => c.Lr), Differs(c => c.Momentum), Differs(c => c.BatchSize), Differs(c => c.Hidden),
            Differs(c => c.Activation), Differs(c => c.Loss));
        return all.ToDictionary(c => c, c => c.Label(varied));
    }

    /// <summary>The order reports list configurations in: by weight decay, then learning rate, momentum, batch size, hidden, activation, loss.</summary>
    public static IOrderedEnumerable<T> Order<T>(IEnumerable<T> items, Func<T, Configuration> key) =>
        items.OrderBy(i => key(i).WeightDecay)
            .ThenBy(i => key(i).Lr ?? 0)
            .ThenBy(i => key(i).Momentum ?? 0)
            .ThenBy(i => key(i).BatchSize ?? 0)
            .ThenBy(i => key(i).Hidden ?? "", StringComparer.Ordinal)
            .ThenBy(i => key(i).Activation.Keyword(), StringComparer.Ordinal)
            .ThenBy(i => key(i).Loss.Keyword(), StringComparer.Ordinal);

    /// <summary>A value with 3 significant digits, as labels show it: 0.0123, 0.9, and very small or large ones as 1.2e-6.</summary>
    public static string Short(double v)
    {
        var rounded = double.Parse(v.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Math.Abs(rounded) is > 0 and (< 1e-3 or >= 1e4) ? DecayLabel.Format(rounded) : rounded.ToString(CultureInfo.InvariantCulture);
    }

    private sealed record Varied(bool Decay, bool Lr, bool Momentum, bool Batch, bool Hidden, bool Activation, bool Loss);
}
