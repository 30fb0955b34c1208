using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Contracts.Sweeps;

/// <summary>
/// Expands a spec into its trial grid and names each trial by a stable hash of its full configuration, so
/// resubmitting (or extending) a sweep finds finished trials by id instead of running them again.
/// </summary>
public static class TrialIds
{
    /// <summary>
    /// The grid: weight decay × learning rate × momentum × batch size × hidden × seeds × activations × losses, in that
    /// nesting order (an axis the sweep does not list takes the spec's value and leaves the trial's id as it was).
    /// Random and TPE sweeps have no grid: their points come from the sweep's sampler (see <see cref="Search.SweepSpace"/>).
    /// </summary>
    public static IReadOnlyList<(string TrialId, TrialPoint Point)> Expand(SweepSpec spec)
    {
        if (spec.Search.Algorithm != SearchAlgorithm.Grid)
        {
            throw new InvalidOperationException($"a {spec.Search.Algorithm.Keyword()} sweep has no grid; its points come from its sampler");
        }
        var sweep = spec.Sweep;
        double?[] lrs = sweep.Lr.IsEmpty ? [null] : [.. sweep.Lr.Select(v => (double?)v)];
        double?[] momentums = sweep.Momentum.IsEmpty ? [null] : [.. sweep.Momentum.Select(v => (double?)v)];
        int?[] batches = sweep.BatchSize.IsEmpty ? [null] : [.. sweep.BatchSize.Select(v => (int?)v)];
        ImmutableArray<int>[] hidden = sweep.Hidden.IsEmpty ? [[]] : [.. sweep.Hidden];
        var result = new List<(string, TrialPoint)>();
        foreach (var wd in sweep.WeightDecay)
        {
            foreach (var lr in lrs)
            {
                foreach (var momentum in momentums)
                {
                    foreach (var batch in batches)
                    {
                        foreach (var widths in hidden)
                        {
                            var configuration = new TrialPoint(wd, 0, default, default) { Lr = lr, Momentum = momentum, BatchSize = batch, Hidden = widths };
                            result.AddRange(Replicas(spec, configuration));
                        }
                    }
                }
            }
        }
        return result;
    }

    /// <summary>
    /// One configuration's trials: <paramref name="configuration"/> (its seed, activation and loss ignored) once per seed,
    /// activation and loss the sweep lists, in that nesting order.
    /// </summary>
    public static IEnumerable<(string TrialId, TrialPoint Point)> Replicas(SweepSpec spec, TrialPoint configuration)
    {
        var activations = spec.Sweep.Activation.IsDefaultOrEmpty ? [spec.Model.Activation] : spec.Sweep.Activation.ToArray();
        var losses = spec.Sweep.Loss.IsDefaultOrEmpty ? [spec.Loss.Name] : spec.Sweep.Loss.ToArray();
        foreach (var seed in spec.Sweep.Seeds)
        {
            foreach (var activation in activations)
            {
                foreach (var loss in losses)
                {
                    var point = configuration with { Seed = seed, Activation = activation, Loss = loss };
                    yield return (Of(spec, point), point);
                }
            }
        }
    }

    /// <summary>
    /// The spec as one trial keeps it: the sweep's axes narrowed to this trial's point. A trial's state then stays the
    /// same size however many values the sweep tries (with the full lists, each of 10,000 trials stored all 10,000
    /// weight decays, so a submit wrote quadratically many bytes). Everything that shapes training is unchanged.
    /// </summary>
    public static SweepSpec TrialSpec(SweepSpec spec, TrialPoint point) => spec with
    {
        Sweep = new SweepAxes
        {
            WeightDecay = [point.WeightDecay], Seeds = [point.Seed], Activation = [point.Activation], Loss = [point.Loss],
            Lr = point.Lr is { } lr ? [lr] : [], Momentum = point.Momentum is { } m ? [m] : [], BatchSize = point.BatchSize is { } b ? [b] : [],
            Hidden = point.Hidden.IsEmpty ? [] : [point.Hidden],
        },
        // The trial trains one point of the grid above: how its sweep found it is the sweep's business.
        Search = SearchSpec.Grid,
    };

    /// <summary>12 hex digits of SHA-256 over the canonical text of everything that shapes the trial's training.</summary>
    public static string Of(SweepSpec spec, TrialPoint point)
    {
        var text = BaseFingerprint(spec) + string.Create(CultureInfo.InvariantCulture,
            $"|wd={point.WeightDecay:R}|seed={point.Seed}|act={point.Activation.Keyword()}|loss={point.Loss.Keyword()}");
        // Only what the sweep varies is named, so the ids of sweeps that vary none of these are the ids they always had.
        if (point.Lr is { } lr)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"|lr={lr:R}");
        }
        if (point.Momentum is { } momentum)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"|momentum={momentum:R}");
        }
        if (point.BatchSize is { } batch)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"|batch={batch}");
        }
        if (!point.Hidden.IsEmpty)
        {
            text += "|hidden=" + string.Join('-', point.Hidden);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>
    /// Canonical text of the settings every trial of a sweep shares (not the swept axes, not where data lives,
    /// not resources). Two submissions under one sweep id must agree on it.
    /// </summary>
    public static string BaseFingerprint(SweepSpec s) => string.Create(CultureInfo.InvariantCulture,
        $"data={s.Data.Dataset.Keyword()}:{s.Data.TrainLimit}:{s.Data.TestLimit}|hidden={string.Join('-', s.Model.Hidden)}" +
        $"|delta={s.Loss.Delta:R}|lr={s.Optimizer.Lr:R}|momentum={s.Optimizer.Momentum:R}|nesterov={s.Optimizer.Nesterov}" +
        $"|epochs={s.Epochs}|batch={s.BatchSize}") + StoppingFingerprint(s.EarlyStopping);

    // Early stopping decides which trials run to the end, so it is part of what a sweep is; none adds nothing (the
    // fingerprints, and so the trial ids, of sweeps without it are unchanged).
    private static string StoppingFingerprint(EarlyStoppingSpec e) => e.Enabled
        ? string.Create(CultureInfo.InvariantCulture, $"|stop={e.Algorithm.Keyword()}:{e.Metric.Keyword()}:{e.Mode.Keyword()}:{e.GraceEpochs}:{e.ReductionFactor}:{e.MinSamples}")
        : "";

    /// <summary>The grain key of a trial: "{sweepId}/{trialId}".</summary>
    public static string GrainKey(string sweepId, string trialId) => $"{sweepId}/{trialId}";

    public static (string SweepId, string TrialId) ParseGrainKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash <= 0 ? throw new FormatException($"trial key '{key}' is not 'sweep/trial'") : (key[..slash], key[(slash + 1)..]);
    }
}
