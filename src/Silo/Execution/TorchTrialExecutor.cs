using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Metrics;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Trains a trial with TorchSharp. Resumes from the stored checkpoint; after each epoch reports it (the grain
/// stores it, idempotently) and only then checkpoints, so a crash in between repeats an epoch — which the grain
/// ignores — instead of losing one.
/// </summary>
public sealed class TorchTrialExecutor(DataCache data, ICheckpointStore checkpoints, MetricsRecorder? metrics = null) : ITrialExecutor
{
    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, bool> onEpoch, CancellationToken ct)
    {
        var config = TrialConfigs.From(job.Spec, job.Point);
        var device = Devices.Resolve(config.Device);
        var deviceData = data.Get(job.Spec.Data, device, config.DType);
        using var trainer = new TrialTrainer(config, deviceData);
        var origin = $"checkpoint of {job.SweepId}/{job.TrialId}";
        if (checkpoints.LoadAsync(job.SweepId, job.TrialId, ct).GetAwaiter().GetResult() is { } stored)
        {
            using var ms = new MemoryStream(stored.Payload);
            trainer.LoadCheckpoint(ms, origin);
        }
        while (trainer.CompletedEpochs < config.Epochs)
        {
            var m = trainer.RunEpoch(ct);
            if (!m.IsFinite)
            {
                return new TrialAttemptResult(TrialState.Diverged, $"diverged at epoch {m.Epoch} (train loss {m.TrainLoss}, test loss {m.TestLoss})");
            }
            metrics?.SamplesTrained(job.SweepId, deviceData.TrainCount);
            var goOn = onEpoch(new EpochRecord(m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.Seconds, m.SamplesPerSecond));
            using (var ms = new MemoryStream())
            {
                trainer.SaveCheckpoint(ms);
                checkpoints.SaveAsync(job.SweepId, job.TrialId, m.Epoch, ms.ToArray(), CancellationToken.None).GetAwaiter().GetResult();
            }
            if (!goOn)
            {
                return TrialAttemptResult.Stopped;
            }
        }
        return TrialAttemptResult.Completed;
    }
}
