namespace SweepGrid.Trainer.Training;

/// <summary>Runs a whole trial outside any cluster, with optional checkpointing after every epoch.</summary>
public static class TrialRunner
{
    /// <param name="checkpointPath">If set: resumed from when it exists, rewritten atomically after every epoch.</param>
    public static TrialOutcome Run(TrialConfig config, DeviceData data, Action<EpochMetrics>? onEpoch = null,
        string? checkpointPath = null, CancellationToken ct = default)
    {
        using var trainer = new TrialTrainer(config, data);
        var host = new StandaloneHost(1, onEpoch is null ? null : (_, m) => onEpoch(m), _ => checkpointPath, null);
        return host.Run(trainer, config.Epochs, ct)[0];
    }
}
