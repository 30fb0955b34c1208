namespace SweepGrid.Contracts.Grains;

/// <summary>A trial waiting for a slot. Trials with equal <see cref="FuseKey"/> may train fused as one job.</summary>
[GenerateSerializer, Immutable]
public sealed record QueuedTrial(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] string FuseKey,
    [property: Id(3)] int MaxFuse)
{
    public string Key => $"{SweepId}/{TrialId}";
}
