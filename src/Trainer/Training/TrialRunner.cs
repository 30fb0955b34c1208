namespace SweepGrid.Trainer.Training;

/// <summary>Runs a whole trial outside any cluster, with optional checkpointing after every epoch.</summary>
public static class TrialRunner
{
    /// <param name="checkpointPath">If set: resumed from when it exists, rewritten atomically after every epoch.</param>
    public static TrialOutcome Run(TrialConfig config, DeviceData data, Action<EpochMetrics>? onEpoch = null,
        string? checkpointPath = null, CancellationToken ct = default)
    {
        using var trainer = new TrialTrainer(config, data);
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            using var f = File.OpenRead(checkpointPath);
            trainer.LoadCheckpoint(f, checkpointPath);
        }
        var epochs = new List<EpochMetrics>();
        while (trainer.CompletedEpochs < config.Epochs)
        {
            EpochMetrics m;
            try
            {
                m = trainer.RunEpoch(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return new TrialOutcome(TrialOutcomeKind.Cancelled, epochs, $"cancelled during epoch {trainer.CompletedEpochs + 1}", trainer.WeightNorm());
            }
            if (!m.IsFinite)
            {
                return new TrialOutcome(TrialOutcomeKind.Diverged, epochs,
                    $"diverged at epoch {m.Epoch} (train loss {m.TrainLoss}, test loss {m.TestLoss})", double.NaN);
            }
            epochs.Add(m);
            if (checkpointPath is not null)
            {
                var tmp = checkpointPath + ".tmp";
                using (var f = File.Create(tmp))
                {
                    trainer.SaveCheckpoint(f);
                }
                File.Move(tmp, checkpointPath, overwrite: true);
            }
            onEpoch?.Invoke(m);
        }
        return new TrialOutcome(TrialOutcomeKind.Completed, epochs, null, trainer.WeightNorm());
    }
}
