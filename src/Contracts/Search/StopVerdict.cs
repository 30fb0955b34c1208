namespace SweepGrid.Contracts.Search;

/// <summary>What an early-stopping rule decided for a trial at one decision epoch.</summary>
[GenerateSerializer]
public enum StopVerdict
{
    Continue,
    Stop,
}
