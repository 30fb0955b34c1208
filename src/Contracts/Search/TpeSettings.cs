namespace SweepGrid.Contracts.Search;

/// <summary>Settings of <see cref="TpeSampler"/>; the defaults are Optuna's TPESampler defaults.</summary>
[GenerateSerializer, Immutable]
public sealed record TpeSettings
{
    /// <summary>Trials drawn by the random sampler before TPE takes over (Optuna's n_startup_trials).</summary>
    [Id(0)] public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per dimension, of which the best l(x)/g(x) wins (Optuna's n_ei_candidates).</summary>
    [Id(1)] public int Candidates { get; init; } = 24;

    /// <summary>Weight of the prior kernel (uniform-ish over the range) in each Parzen estimator.</summary>
    [Id(2)] public double PriorWeight { get; init; } = 1.0;

    /// <summary>Floor each kernel's bandwidth at range / min(100, kernels + 1), as Optuna and hyperopt do.</summary>
    [Id(3)] public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Let the outermost kernels' bandwidths reach the range ends.</summary>
    [Id(4)] public bool ConsiderEndpoints { get; init; }

    /// <summary>How many of <paramref name="observations"/> form the "below" (good) group: min(ceil(0.1 n), 25), Optuna's default gamma.</summary>
    public static int BelowCount(int observations) => Math.Min((int)Math.Ceiling(0.1 * observations), 25);

    /// <summary>Throws naming the setting when a value cannot work.</summary>
    public void Validate()
    {
        if (StartupTrials < 0)
        {
            throw new ArgumentException($"TPE startup_trials must be >= 0, got {StartupTrials}.");
        }
        if (Candidates < 1)
        {
            throw new ArgumentException($"TPE candidates must be >= 1, got {Candidates}.");
        }
        if (!(PriorWeight >= 0) || double.IsInfinity(PriorWeight))
        {
            throw new ArgumentException($"TPE prior_weight must be finite and >= 0, got {PriorWeight}.");
        }
    }
}
