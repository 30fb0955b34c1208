namespace SweepGrid.Trainer.Training;

/// <summary>
/// Where a <see cref="TrainingSession"/>'s members come from and go to: their stored checkpoints, the verdict on each
/// epoch, where checkpoints are saved, and how each member ended. Called on the training thread. An exception out of
/// <see cref="OnEpoch"/> or <see cref="SaveCheckpoint"/> ends that member alone (<see cref="SessionEndKind.Failed"/>).
/// </summary>
public interface ITrainingHost
{
    /// <summary>The checkpoint to resume member k from, with a name for messages; null to start from scratch.</summary>
    (byte[] Payload, string Origin)? LoadCheckpoint(int member);

    /// <summary>Asked before each epoch: true ends member k as cancelled while the others train on.</summary>
    bool IsCancelled(int member);

    /// <summary>After member k's finite epoch, before it is checkpointed.</summary>
    EpochVerdict OnEpoch(int member, EpochMetrics epoch);

    /// <summary>Whether member k's checkpoints go anywhere; when not, none is serialized (a copy of the model per epoch).</summary>
    bool KeepsCheckpoints(int member);

    void SaveCheckpoint(int member, int epoch, byte[] payload);

    /// <summary>Once per member, as soon as it ends (its partners may still be training).</summary>
    void OnEnd(int member, SessionEnd end);
}
