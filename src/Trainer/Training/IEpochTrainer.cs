namespace SweepGrid.Trainer.Training;

/// <summary>
/// What <see cref="TrainingSession"/> drives: K trials trained an epoch at a time, each maskable on its own — a
/// <see cref="TrialTrainer"/> is the K = 1 case, a <see cref="Fused.FusedTrainer"/> any K. Members whose epoch is not
/// finite are masked by the trainer itself with <see cref="EpochMetrics.DivergenceMessage"/>.
/// </summary>
public interface IEpochTrainer : IDisposable
{
    int MemberCount { get; }

    int ActiveCount { get; }

    /// <summary>Epochs the active members have completed (they train in step).</summary>
    int CompletedEpochs { get; }

    bool IsActive(int member);

    string? MaskReason(int member);

    void Mask(int member, string reason);

    /// <summary>The next epoch of every active member; entry k is null for a member masked before it.</summary>
    IReadOnlyList<EpochMetrics?> RunEpoch(CancellationToken ct);

    double WeightNorm(int member);

    void SaveCheckpoint(int member, Stream stream);

    void LoadCheckpoint(int member, Stream stream, string origin);
}
