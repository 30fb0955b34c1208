using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Metrics;
using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Trains a trial with TorchSharp. Resumes from the stored checkpoint; after each epoch reports it (the grain
/// stores it, idempotently) and only then checkpoints, so a crash in between repeats an epoch — which the grain
/// ignores — instead of losing one. Groups train fused (one batched network, <see cref="FusedTrainer"/>): each
/// member's epochs, checkpoints and outcome stay its own, in the unfused checkpoint format.
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

    public IReadOnlyList<TrialAttemptResult> RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, bool> onEpoch, CancellationToken ct)
    {
        var configs = jobs.Select(j => TrialConfigs.From(j.Spec, j.Point)).ToList();
        var stored = jobs.Select(j => checkpoints.LoadAsync(j.SweepId, j.TrialId, ct).GetAwaiter().GetResult()).ToList();
        if (jobs.Count == 1 || stored.Select(s => s?.Epoch ?? 0).Distinct().Count() > 1)
        {
            // Members resumed from different epochs cannot share mini-batches; train them one after another.
            return [.. jobs.Select((job, k) => Run(job, e => onEpoch(k, e), ct))];
        }
        var device = Devices.Resolve(configs[0].Device);
        var deviceData = data.Get(jobs[0].Spec.Data, device, configs[0].DType);
        using var fused = new FusedTrainer(configs, deviceData);
        for (var k = 0; k < jobs.Count; k++)
        {
            if (stored[k] is { } s)
            {
                using var ms = new MemoryStream(s.Payload);
                fused.LoadMemberCheckpoint(k, ms, $"checkpoint of {jobs[k].SweepId}/{jobs[k].TrialId}");
            }
        }
        var results = new TrialAttemptResult?[jobs.Count];
        var epochs = configs[0].Epochs;
        while (fused.ActiveCount > 0 && fused.CompletedEpochs < epochs)
        {
            var epoch = fused.RunEpoch(ct);
            for (var k = 0; k < jobs.Count; k++)
            {
                if (epoch[k] is not { } m)
                {
                    continue;
                }
                if (!m.IsFinite)
                {
                    results[k] = new TrialAttemptResult(TrialState.Diverged, fused.MaskReason(k));
                    continue;
                }
                metrics?.SamplesTrained(jobs[k].SweepId, deviceData.TrainCount);
                var goOn = onEpoch(k, new EpochRecord(m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.Seconds, m.SamplesPerSecond));
                using (var ms = new MemoryStream())
                {
                    fused.SaveMemberCheckpoint(k, ms);
                    checkpoints.SaveAsync(jobs[k].SweepId, jobs[k].TrialId, m.Epoch, ms.ToArray(), CancellationToken.None).GetAwaiter().GetResult();
                }
                if (!goOn)
                {
                    fused.Mask(k, "stopped");
                    results[k] = TrialAttemptResult.Stopped;
                }
            }
        }
        return [.. results.Select(r => r ?? TrialAttemptResult.Completed)];
    }
}
