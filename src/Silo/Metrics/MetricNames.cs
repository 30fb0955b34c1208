namespace SweepGrid.Silo.Metrics;

/// <summary>
/// Names of SweepGrid's meter, instruments and labels. Instrument names are dotted lower case with UCUM units;
/// the Prometheus exporter turns them into underscore names with unit and type suffixes (see grafana/README.md).
/// </summary>
public static class MetricNames
{
    public const string Meter = "SweepGrid";

    /// <summary>Orleans' own meter (activations, messages, membership, ...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public const string TrialLoss = "sweepgrid.trial.loss";
    public const string TrialAccuracy = "sweepgrid.trial.accuracy";
    public const string TrialBestTestAccuracy = "sweepgrid.trial.best_test_accuracy";
    public const string TrialEpoch = "sweepgrid.trial.epoch";
    public const string TrialStatus = "sweepgrid.trial.status";

    public const string EpochsCompleted = "sweepgrid.epochs.completed";
    public const string SamplesTrained = "sweepgrid.samples.trained";
    public const string TrialsFinished = "sweepgrid.trials.finished";
    public const string TrialRetries = "sweepgrid.trials.retries";
    public const string EpochDuration = "sweepgrid.epoch.duration";

    public const string SweepTrials = "sweepgrid.sweep.trials";
    public const string SweepBestTestAccuracy = "sweepgrid.sweep.best_test_accuracy";

    public const string SlotsUsed = "sweepgrid.slots.used";
    public const string SlotsTotal = "sweepgrid.slots.total";

    public const string SweepLabel = "sweep";
    public const string TrialLabel = "trial";
    public const string WeightDecayLabel = "weight_decay";
    public const string SplitLabel = "split";
    public const string StateLabel = "state";
    public const string OutcomeLabel = "outcome";
    public const string ReasonLabel = "reason";

    public const string Train = "train";
    public const string Test = "test";

    /// <summary>Retry reasons: an attempt threw and is tried again, or the trial was handed back (silo lost or stopping).</summary>
    public const string RetryAfterFailure = "failure";
    public const string RetryAfterRequeue = "requeue";

    /// <summary>
    /// Epoch durations span a tiny MLP on a GPU (well under a second) to a large model on a CPU (many minutes);
    /// the default OpenTelemetry buckets top out at 10 s, useless here.
    /// </summary>
    public static readonly double[] EpochDurationBuckets = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800];
}
