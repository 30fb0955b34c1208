using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Execution;

/// <summary>How an attempt ended: Completed, Diverged (message says where) or Cancelled (told to stop).</summary>
public sealed record TrialAttemptResult(TrialState State, string? Message)
{
    public static readonly TrialAttemptResult Completed = new(TrialState.Completed, null);
    public static readonly TrialAttemptResult Stopped = new(TrialState.Cancelled, "cancelled");
}
