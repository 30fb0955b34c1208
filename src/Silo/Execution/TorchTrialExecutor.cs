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
        var stored = Usable(job, checkpoints.LoadAsync(job.SweepId, job.TrialId, ct).GetAwaiter().GetResult());
        using var trainer = new TrialTrainer(config, deviceData);
        var result = TrialAttemptResult.Completed;
        var host = new AttemptHost(checkpoints, metrics, [job], [stored], deviceData.TrainCount, (_, e) => onEpoch(e), (_, r) => result = r);
        TrainingSession.Run(trainer, config.Epochs, host, ct);
        return result;
    }

    public void RunGroup(IReadOnlyList<TrialJob> jobs, Func<int, EpochRecord, LeaseVerdict> onEpoch, Action<int, TrialAttemptResult> onEnd, CancellationToken ct)
    {
        var configs = jobs.Select(j => TrialConfigs.From(j.Spec, j.Point)).ToList();
        var device = Devices.Resolve(configs[0].Device);
        if (jobs.Count <= 1 || MemoryCheck.Problem(jobs[0].Spec, jobs.Count, device) is not null)
        {
            // Together they do not fit; one at a time each may (checked before any checkpoint is read).
            ITrialExecutor.RunOneAfterAnother(this, jobs, onEpoch, onEnd, ct);
            return;
        }
        var stored = jobs.Select(j => Usable(j, checkpoints.LoadAsync(j.SweepId, j.TrialId, ct).GetAwaiter().GetResult())).ToList();
        if (stored.Select(s => s?.Epoch ?? 0).Distinct().Count() > 1)
        {
            // Members resumed from different epochs cannot share mini-batches; train them one after another.
            ITrialExecutor.RunOneAfterAnother(this, jobs, onEpoch, onEnd, ct);
            return;
        }
        var deviceData = data.Get(jobs[0].Spec.Data, device, configs[0].DType);
        using var fused = new FusedTrainer(configs, deviceData);
        TrainingSession.Run(fused, configs[0].Epochs, new AttemptHost(checkpoints, metrics, jobs, stored, deviceData.TrainCount, onEpoch, onEnd), ct);
    }

    /// <summary>
    /// A slot's attempt as a training host: checkpoints from the store (the ones loaded to plan the group), every epoch
    /// reported to the trial's grain, a checkpoint saved only for an epoch the grain kept, ends mapped to attempt results.
    /// </summary>
    private sealed class AttemptHost(ICheckpointStore checkpoints, MetricsRecorder? metrics, IReadOnlyList<TrialJob> jobs, IReadOnlyList<(int Epoch, byte[] Payload)?> stored,
        int trainCount, Func<int, EpochRecord, LeaseVerdict> onEpoch, Action<int, TrialAttemptResult> onEnd) : ITrainingHost
    {
        public (byte[] Payload, string Origin)? LoadCheckpoint(int member) =>
            stored[member] is { } s ? (s.Payload, Origin(jobs[member])) : null;

        public bool IsCancelled(int member) => false;

        public EpochVerdict OnEpoch(int member, EpochMetrics epoch)
        {
            metrics?.SamplesTrained(jobs[member].SweepId, trainCount);
            return onEpoch(member, Record(epoch)) switch
            {
                LeaseVerdict.Continue => EpochVerdict.Continue,
                LeaseVerdict.Stop => EpochVerdict.Stop,
                _ => EpochVerdict.Discard,
            };
        }

        public bool KeepsCheckpoints(int member) => true;

        public void SaveCheckpoint(int member, int epoch, byte[] payload) =>
            checkpoints.SaveAsync(jobs[member].SweepId, jobs[member].TrialId, epoch, payload, CancellationToken.None).GetAwaiter().GetResult();

        public void OnEnd(int member, SessionEnd end) => onEnd(member, end.Kind switch
        {
            SessionEndKind.Completed => TrialAttemptResult.Completed,
            SessionEndKind.Diverged => new TrialAttemptResult(AttemptEnd.Diverged, end.Message),
            SessionEndKind.Stopped => TrialAttemptResult.After(end.Verdict == EpochVerdict.Discard ? LeaseVerdict.Refused : LeaseVerdict.Stop),
            SessionEndKind.Failed => TrialAttemptResult.From(end.Error!),
            _ => TrialAttemptResult.Stopped,
        });
    }

    /// <summary>The stored checkpoint unless it is ahead of the epochs the grain holds.</summary>
    private static (int Epoch, byte[] Payload)? Usable(TrialJob job, (int Epoch, byte[] Payload)? stored) =>
        stored is { } s && s.Epoch <= job.RecordedEpochs ? s : null;

    private static string Origin(TrialJob job) => $"checkpoint of {job.SweepId}/{job.TrialId}";

    private static EpochRecord Record(EpochMetrics m) =>
        new(m.Epoch, m.TrainLoss, m.TrainAccuracy, m.TestLoss, m.TestAccuracy, m.Seconds, m.SamplesPerSecond);
}
