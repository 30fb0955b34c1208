namespace SweepGrid.Silo.Execution;

/// <summary>How an attempt of one trial ended, with a message where there is something to say.</summary>
public sealed record TrialAttemptResult(AttemptEnd End, string? Message)
{
    public static readonly TrialAttemptResult Completed = new(AttemptEnd.Completed, null);
    public static readonly TrialAttemptResult Stopped = new(AttemptEnd.Cancelled, "cancelled");
    public static readonly TrialAttemptResult LeaseLost = new(AttemptEnd.LeaseLost, "the lease is no longer current");

    /// <summary>The end that follows an epoch report's verdict other than Continue.</summary>
    public static TrialAttemptResult After(Contracts.Grains.LeaseVerdict verdict) =>
        verdict == Contracts.Grains.LeaseVerdict.Refused ? LeaseLost : Stopped;

    /// <summary>An exception out of an attempt: a transient fault hands the trial back, anything else is its own failure.</summary>
    public static TrialAttemptResult From(Exception e) =>
        new(TransientFaults.Is(e) ? AttemptEnd.HandBack : AttemptEnd.Failed, TransientFaults.Describe(e));
}
