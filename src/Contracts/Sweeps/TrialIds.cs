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
    /// <summary>The grid: weight decay × seeds × activations × losses, in that nesting order.</summary>
    public static IReadOnlyList<(string TrialId, TrialPoint Point)> Expand(SweepSpec spec)
    {
        var activations = spec.Sweep.Activation.IsDefaultOrEmpty ? [spec.Model.Activation] : spec.Sweep.Activation.ToArray();
        var losses = spec.Sweep.Loss.IsDefaultOrEmpty ? [spec.Loss.Name] : spec.Sweep.Loss.ToArray();
        var result = new List<(string, TrialPoint)>();
        foreach (var wd in spec.Sweep.WeightDecay)
        {
            foreach (var seed in spec.Sweep.Seeds)
            {
                foreach (var activation in activations)
                {
                    foreach (var loss in losses)
                    {
                        var point = new TrialPoint(wd, seed, activation, loss);
                        result.Add((Of(spec, point), point));
                    }
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The spec as one trial keeps it: the sweep's axes narrowed to this trial's point. A trial's state then stays the
    /// same size however many values the sweep tries (with the full lists, each of 10,000 trials stored all 10,000
    /// weight decays, so a submit wrote quadratically many bytes). Everything that shapes training is unchanged.
    /// </summary>
    public static SweepSpec TrialSpec(SweepSpec spec, TrialPoint point) => spec with
    {
        Sweep = new SweepAxes { WeightDecay = [point.WeightDecay], Seeds = [point.Seed], Activation = [point.Activation], Loss = [point.Loss] },
    };

    /// <summary>12 hex digits of SHA-256 over the canonical text of everything that shapes the trial's training.</summary>
    public static string Of(SweepSpec spec, TrialPoint point)
    {
        var text = BaseFingerprint(spec) + string.Create(CultureInfo.InvariantCulture,
            $"|wd={point.WeightDecay:R}|seed={point.Seed}|act={point.Activation.Keyword()}|loss={point.Loss.Keyword()}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>
    /// Canonical text of the settings every trial of a sweep shares (not the swept axes, not where data lives,
    /// not resources). Two submissions under one sweep id must agree on it.
    /// </summary>
    public static string BaseFingerprint(SweepSpec s) => string.Create(CultureInfo.InvariantCulture,
        $"data={s.Data.Dataset.Keyword()}:{s.Data.TrainLimit}:{s.Data.TestLimit}|hidden={string.Join('-', s.Model.Hidden)}" +
        $"|delta={s.Loss.Delta:R}|lr={s.Optimizer.Lr:R}|momentum={s.Optimizer.Momentum:R}|nesterov={s.Optimizer.Nesterov}" +
        $"|epochs={s.Epochs}|batch={s.BatchSize}");

    /// <summary>The grain key of a trial: "{sweepId}/{trialId}".</summary>
    public static string GrainKey(string sweepId, string trialId) => $"{sweepId}/{trialId}";

    public static (string SweepId, string TrialId) ParseGrainKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash <= 0 ? throw new FormatException($"trial key '{key}' is not 'sweep/trial'") : (key[..slash], key[(slash + 1)..]);
    }
}
