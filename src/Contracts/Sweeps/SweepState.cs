namespace SweepGrid.Contracts.Sweeps;

/// <summary>Lifecycle of a sweep: running until every trial is terminal.</summary>
[GenerateSerializer]
public enum SweepState
{
    Running,
    Completed,
    Cancelled,
}
