namespace SweepGrid.Contracts.Sweeps;

/// <summary>Helpers over <see cref="TrialState"/>.</summary>
public static class TrialStates
{
    public static bool IsTerminal(this TrialState s) =>
        s is TrialState.Completed or TrialState.Diverged or TrialState.Failed or TrialState.Cancelled or TrialState.Stopped;

    public static string Name(this TrialState s) => s.ToString().ToLowerInvariant();
}
