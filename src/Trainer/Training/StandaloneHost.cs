using System.Runtime.ExceptionServices;

namespace SweepGrid.Trainer.Training;

/// <summary>
/// The host of <see cref="TrialRunner"/> and <see cref="Fused.FusedRunner"/>: collects each member's epochs and
/// outcome, keeps an optional checkpoint file per member, and cancels members by their own tokens.
/// </summary>
internal sealed class StandaloneHost(
    int members,
    Action<int, EpochMetrics>? onEpoch,
    Func<int, string?> checkpointPath,
    IReadOnlyList<CancellationToken>? memberCancellation) : ITrainingHost
{
    private readonly List<EpochMetrics>[] _epochs = [.. Enumerable.Range(0, members).Select(_ => new List<EpochMetrics>())];
    private readonly TrialOutcome?[] _outcomes = new TrialOutcome?[members];
    private ExceptionDispatchInfo? _failure;

    public (byte[] Payload, string Origin)? LoadCheckpoint(int member) =>
        checkpointPath(member) is { } path && File.Exists(path) ? (File.ReadAllBytes(path), path) : null;

    public bool IsCancelled(int member) => memberCancellation?[member].IsCancellationRequested == true;

    public EpochVerdict OnEpoch(int member, EpochMetrics epoch)
    {
        _epochs[member].Add(epoch);
        onEpoch?.Invoke(member, epoch);
        return EpochVerdict.Continue;
    }

    public bool KeepsCheckpoints(int member) => checkpointPath(member) is not null;

    public void SaveCheckpoint(int member, int epoch, byte[] payload)
    {
        var path = checkpointPath(member)!;
        // Written beside and renamed over, so a crash mid-write leaves the previous checkpoint intact.
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, payload);
        File.Move(tmp, path, overwrite: true);
    }

    public void OnEnd(int member, SessionEnd end)
    {
        if (end.Kind == SessionEndKind.Failed)
        {
            // Standalone callers see their own callback's (or the disk's) exception, as if there were no session.
            _failure ??= ExceptionDispatchInfo.Capture(end.Error!);
            return;
        }
        var kind = end.Kind switch
        {
            SessionEndKind.Diverged => TrialOutcomeKind.Diverged,
            SessionEndKind.Cancelled => TrialOutcomeKind.Cancelled,
            _ => TrialOutcomeKind.Completed,
        };
        _outcomes[member] = new TrialOutcome(kind, _epochs[member], end.Message, end.WeightNorm);
    }

    /// <summary>Trains and returns every member's outcome; a cancelled <paramref name="ct"/> ends the unfinished ones as cancelled.</summary>
    public IReadOnlyList<TrialOutcome> Run(IEpochTrainer trainer, int epochs, CancellationToken ct)
    {
        try
        {
            TrainingSession.Run(trainer, epochs, this, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var message = $"cancelled during epoch {trainer.CompletedEpochs + 1}";
            for (var k = 0; k < members; k++)
            {
                _outcomes[k] ??= new TrialOutcome(TrialOutcomeKind.Cancelled, _epochs[k], message, trainer.WeightNorm(k));
            }
        }
        _failure?.Throw();
        return [.. _outcomes.Select(o => o!)];
    }
}
