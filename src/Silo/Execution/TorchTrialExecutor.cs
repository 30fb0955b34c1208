using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Metrics;
using SweepGrid.Trainer.Fused;
using SweepGrid.Trainer.Training;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Trains a trial with TorchSharp. Resumes from the stored checkpoint; after each epoch reports it and checkpoints only
/// what the grain accepted, so a checkpoint is never ahead of the stored epochs (a checkpoint behind them only repeats
/// epochs, which the grain ignores). A checkpoint found ahead anyway (written by an older version) is not trusted: the
/// trial retrains from the start, which on CPU reproduces the stored epochs exactly. Groups train fused (one batched
/// network, <see cref="FusedTrainer"/>): each member's epochs, checkpoints and outcome stay its own, in the unfused
/// checkpoint format, and a member's fault masks only that member.
/// </summary>
public sealed class TorchTrialExecutor(DataCache data, ICheckpointStore checkpoints, MetricsRecorder? metrics = null) : ITrialExecutor
{
    public TrialAttemptResult Run(TrialJob job, Func<EpochRecord, LeaseVerdict> onEpoch, CancellationToken ct)
    {
        var config = TrialConfigs.From(job.Spec, job.Point);
        var device = Devices.Resolve(config.Device);
        MemoryCheck.Ensure(job.Spec, 1, device);
        var deviceData = data.Get(job.Spec.Data, device, config.DType);
        using var trainer = new TrialTrainer(config, deviceData);
        if (Usable(job, checkpoints.LoadAsync(job.SweepId, job.TrialId, ct).GetAwaiter().GetResult()) is { } stored)
        {
            using var ms = new MemoryStream(stored.Payload);
            trainer.LoadCheckpoint(ms, Origin(job));
        }
        while (trainer.CompletedEpochs < config.Epochs)
        {
            var m = trainer.RunEpoch(ct);
            if (!m.IsFinite)
            {
                return new TrialAttemptResult(AttemptEnd.Diverged, $"diverged at epoch {m.Epoch} (train loss {m.TrainLoss}, test loss {m.TestLoss})");
            }
            metrics?.SamplesTrained(job.SweepId, deviceData.TrainCount);
            var verdict = onEpoch(Record(m));
            if (verdict != LeaseVerdict.Refused)
            {
                using var ms = new MemoryStream();
                trainer.SaveCheckpoint(ms);
                checkpoints.SaveAsync(job.SweepId, job.TrialId, m.Epoch, ms.ToArray(), CancellationToken.None).GetAwaiter().GetResult();
            }
            if (verdict != LeaseVerdict.Continue)
            {
                return TrialAttemptResult.After(verdict);
            }
        }
        return TrialAttemptResult.Completed;
    }

    public void RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, LeaseVerdict> onEpoch, Action<int, TrialAttemptResult> onEnd, CancellationToken ct)
    {
        var stored = jobs.Select(j => Usable(j, checkpoints.LoadAsync(j.SweepId, j.TrialId, ct).GetAwaiter().GetResult())).ToList();
        if (jobs.Count <= 1 || stored.Select(s => s?.Epoch ?? 0).Distinct().Count() > 1)
        {
            // Members resumed from different epochs cannot share mini-batches; train them one after another.
            ITrialExecutor.RunOneAfterAnother(this, jobs, onEpoch, onEnd, ct);
            return;
        }
        var configs = jobs.Select(j => TrialConfigs.From(j.Spec, j.Point)).ToList();
        var device = Devices.Resolve(configs[0].Device);
        if (MemoryCheck.Problem(jobs[0].Spec, jobs.Count, device) is not null)
        {
            // Together they do not fit; one at a time each may.
            ITrialExecutor.RunOneAfterAnother(this, jobs, onEpoch, onEnd, ct);
            return;
        }
        var deviceData = data.Get(jobs[0].Spec.Data, device, configs[0].DType);
        using var fused = new FusedTrainer(configs, deviceData);
        for (var k = 0; k < jobs.Count; k++)
        {
            if (stored[k] is { } s)
            {
                using var ms = new MemoryStream(s.Payload);
                fused.LoadMemberCheckpoint(k, ms, Origin(jobs[k]));
            }
        }
        var ended = new bool[jobs.Count];
        void End(int k, TrialAttemptResult result)
        {
            if (fused.IsActive(k))
            {
                fused.Mask(k, result.Message ?? result.End.ToString());
            }
            ended[k] = true;
            onEnd(k, result);
        }
        var epochs = configs[0].Epochs;
        while (fused.ActiveCount > 0 && fused.CompletedEpochs < epochs)
        {
            var epoch = fused.RunEpoch(ct);
            for (var k = 0; k < jobs.Count; k++)
            {
                if (ended[k] || epoch[k] is not { } m)
                {
                    continue;
                }
                if (!m.IsFinite)
                {
                    End(k, new TrialAttemptResult(AttemptEnd.Diverged, fused.MaskReason(k)));
                    continue;
                }
                metrics?.SamplesTrained(jobs[k].SweepId, deviceData.TrainCount);
                try
                {
                    var verdict = onEpoch(k, Record(m));
                    if (verdict != LeaseVerdict.Refused)
                    {
                        using var ms = new MemoryStream();
                        fused.SaveMemberCheckpoint(k, ms);
                        checkpoints.SaveAsync(jobs[k].SweepId, jobs[k].TrialId, m.Epoch, ms.ToArray(), CancellationToken.None).GetAwaiter().GetResult();
                    }
                    if (verdict != LeaseVerdict.Continue)
                    {
                        End(k, TrialAttemptResult.After(verdict));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // This member's report or checkpoint failed for good; its partners train on.
                    End(k, TrialAttemptResult.From(e));
                }
            }
        }
        for (var k = 0; k < jobs.Count; k++)
        {
            if (!ended[k])
            {
                onEnd(k, TrialAttemptResult.Completed);
            }
        }
    }

    /// <summary>The stored checkpoint unless it is ahead of the epochs the grain holds.</summary>
    private static (int Epoch, byte[] Payload)? Usable(TrialJob job, (int Epoch, byte[] Payload)? stored) =>
        stored is { } s && s.Epoch <= job.RecordedEpochs ? s : null;

    private static string Origin(TrialJob job) => $"checkpoint of {job.SweepId}/{job.TrialId}";

    private static EpochRecord Record(EpochMetrics m) =>
        new(m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.Seconds, m.SamplesPerSecond);
}
