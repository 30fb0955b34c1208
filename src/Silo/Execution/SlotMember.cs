using SweepGrid.Contracts.Grains;

namespace SweepGrid.Silo.Execution;

/// <summary>A trial a slot has begun: its lease, its grain, and what the grain said to start from.</summary>
internal sealed record SlotMember(LeasedTrial Leased, ITrialGrain Grain, TrialLease Start)
{
    public Guid Lease => Leased.LeaseId;
    public string Key => Leased.Trial.Key;
}
