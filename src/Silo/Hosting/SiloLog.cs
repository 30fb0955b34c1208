namespace SweepGrid.Silo.Hosting;

/// <summary>Source-generated log messages of the silo.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(1, LogLevel.Information, "Trial {Trial} started on {Silo} with {Epochs} epochs recorded")]
    public static partial void TrialStarted(ILogger logger, string trial, string silo, int epochs);

    [LoggerMessage(2, LogLevel.Warning, "Trial {Trial} attempt failed ({Failures}/{Max} allowed): {Error}")]
    public static partial void TrialAttemptFailed(ILogger logger, string trial, int failures, int max, string error);

    [LoggerMessage(3, LogLevel.Warning, "Trial {Trial} requeued ({Reason}) with {Epochs} epochs recorded")]
    public static partial void TrialRequeued(ILogger logger, string trial, string reason, int epochs);

    [LoggerMessage(4, LogLevel.Information, "Trial {Trial} ended {Outcome} after {Epochs} epochs {Message}")]
    public static partial void TrialEnded(ILogger logger, string trial, string outcome, int epochs, string message);

    [LoggerMessage(5, LogLevel.Warning, "Silo {Silo} of running trial {Trial} is {Status}; requeueing it")]
    public static partial void LostSilo(ILogger logger, string silo, string trial, string status);

    [LoggerMessage(6, LogLevel.Information, "Slots on this silo: {Slots} ({Reason})")]
    public static partial void SlotsResolved(ILogger logger, int slots, string reason);

    [LoggerMessage(7, LogLevel.Error, "Slot {Slot} failed to run {Trial}")]
    public static partial void SlotJobFailed(ILogger logger, Exception e, int slot, string trial);

    [LoggerMessage(8, LogLevel.Warning, "Slot {Slot} could not reach the scheduler: {Error}")]
    public static partial void SchedulerUnreachable(ILogger logger, int slot, string error);

    [LoggerMessage(9, LogLevel.Information, "Sweep {Sweep} submitted: {New} new trials, {Existing} existing")]
    public static partial void SweepSubmitted(ILogger logger, string sweep, int @new, int existing);

    [LoggerMessage(10, LogLevel.Information, "Scheduler resynchronised from {Sweeps} sweeps")]
    public static partial void SchedulerResynced(ILogger logger, int sweeps);

    [LoggerMessage(11, LogLevel.Warning, "Resync of sweep {Sweep} failed: {Error}")]
    public static partial void ResyncFailed(ILogger logger, string sweep, string error);

    [LoggerMessage(12, LogLevel.Warning, "{What} failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void GrainCallRetry(ILogger logger, string what, string error, double delayMs);

    [LoggerMessage(13, LogLevel.Warning, "Trial {Trial}: no word from its slot on {Silo} for {Seconds} s; requeueing it")]
    public static partial void LeaseExpired(ILogger logger, string trial, string silo, double seconds);
}
