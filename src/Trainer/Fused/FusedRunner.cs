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
        return new StandaloneHost(members.Count, onEpoch, _ => null, memberCancellation).Run(trainer, members[0].Epochs, ct);
    }
}
