namespace SweepGrid.Client;

/// <summary>Process exit codes of the sweepgrid CLI.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The work ran and failed (diverged, failed trials, unreachable cluster, corrupt data).</summary>
    public const int Failed = 1;
    /// <summary>The input was rejected before anything ran (invalid spec, bad option).</summary>
    public const int BadInput = 2;
}
