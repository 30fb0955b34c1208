using SweepGrid.Trainer.Training;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// Runs a whole fused group outside any cluster: the fused counterpart of <see cref="TrialRunner.Run"/>, giving
/// each member the outcome (kind, epochs, message, weight norm) its own <see cref="TrialRunner.Run"/> would give.
/// </summary>
public static class FusedRunner
{
    /// <param name="members">Trials that are pairwise <see cref="FusedTrainer.AreFusible"/>.</param>
    /// <param name="onEpoch">Called with the member index and its metrics after every finished, finite epoch.</param>
    /// <param name="memberCancellation">Optional, one per member: a member whose token is cancelled is masked before the next epoch and ends as cancelled; the others go on.</param>
    /// <param name="ct">Cancels the whole group (checked between batches).</param>
    public static IReadOnlyList<TrialOutcome> Run(IReadOnlyList<TrialConfig> members, DeviceData data,
        Action<int, EpochMetrics>? onEpoch = null, IReadOnlyList<CancellationToken>? memberCancellation = null, CancellationToken ct = default)
    {
        if (memberCancellation is not null && memberCancellation.Count != members.Count)
        {
            throw new ArgumentException($"expected {members.Count} member tokens, got {memberCancellation.Count}", nameof(memberCancellation));
        }
        using var trainer = new FusedTrainer(members, data);
        var epochs = members.Select(_ => new List<EpochMetrics>()).ToArray();
        var outcomes = new TrialOutcome?[members.Count];
        var target = members[0].Epochs;
        while (trainer.ActiveCount > 0 && trainer.CompletedEpochs < target)
        {
            for (var k = 0; k < members.Count; k++)
            {
                if (trainer.IsActive(k) && memberCancellation?[k].IsCancellationRequested == true)
                {
                    var message = $"cancelled before epoch {trainer.CompletedEpochs + 1}";
                    trainer.Mask(k, message);
                    outcomes[k] = new TrialOutcome(TrialOutcomeKind.Cancelled, epochs[k], message, trainer.WeightNorm(k));
                }
            }
            if (trainer.ActiveCount == 0)
            {
                break;
            }
            IReadOnlyList<EpochMetrics?> results;
            try
            {
                results = trainer.RunEpoch(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                var message = $"cancelled during epoch {trainer.CompletedEpochs + 1}";
                for (var k = 0; k < members.Count; k++)
                {
                    if (trainer.IsActive(k))
                    {
                        outcomes[k] = new TrialOutcome(TrialOutcomeKind.Cancelled, epochs[k], message, trainer.WeightNorm(k));
                    }
                }
                break;
            }
            for (var k = 0; k < members.Count; k++)
            {
                if (results[k] is not { } m)
                {
                    continue;
                }
                if (!trainer.IsActive(k))
                {
                    // Masked by RunEpoch itself: this epoch's metrics were not finite.
                    outcomes[k] = new TrialOutcome(TrialOutcomeKind.Diverged, epochs[k], trainer.MaskReason(k), double.NaN);
                    continue;
                }
                epochs[k].Add(m);
                onEpoch?.Invoke(k, m);
            }
        }
        for (var k = 0; k < members.Count; k++)
        {
            outcomes[k] ??= new TrialOutcome(TrialOutcomeKind.Completed, epochs[k], null, trainer.WeightNorm(k));
        }
        return [.. outcomes.Select(o => o!)];
    }
}
