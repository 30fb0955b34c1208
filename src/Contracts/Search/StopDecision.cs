namespace SweepGrid.Contracts.Search;

/// <summary>
/// An early-stopping decision for trial <paramref name="TrialIndex"/> at decision epoch <paramref name="Epoch"/> (1-based),
/// with a reason a person can read, e.g. "rung 3 (epoch 9): test_loss 0.41 not in the top 1/3 of 5 trials (cutoff 0.38)".
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StopDecision(
    [property: Id(0)] int TrialIndex,
    [property: Id(1)] int Epoch,
    [property: Id(2)] StopVerdict Verdict,
    [property: Id(3)] string Reason);
