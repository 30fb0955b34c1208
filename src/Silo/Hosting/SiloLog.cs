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


    [LoggerMessage(12, LogLevel.Warning, "{What} failed (try {Attempt}: {Error}); retrying in {DelayMs:F0} ms")]
    public static partial void TransientRetry(ILogger logger, string what, int attempt, string error, double delayMs);

    [LoggerMessage(13, LogLevel.Warning, "Trial {Trial}: no word from its slot on {Silo} for {Seconds} s; requeueing it")]
    public static partial void LeaseExpired(ILogger logger, string trial, string silo, double seconds);

    [LoggerMessage(14, LogLevel.Warning, "Start of trial {Trial} failed ({Error}); it stays queued for reconciliation")]
    public static partial void BeginFailed(ILogger logger, string trial, string error);

    [LoggerMessage(15, LogLevel.Warning, "Epoch {Epoch} of trial {Trial} could not be reported ({Error}); stopping it without a checkpoint")]
    public static partial void ReportFailed(ILogger logger, string trial, int epoch, string error);

    [LoggerMessage(16, LogLevel.Warning, "Outcome {Outcome} of trial {Trial} could not be stored ({Error}); its lease will expire")]
    public static partial void OutcomeNotStored(ILogger logger, string trial, string outcome, string error);

    [LoggerMessage(17, LogLevel.Warning, "Trial {Trial}: state write failed ({Error}); change rolled back, re-reading storage on next call")]
    public static partial void StateWriteFailed(ILogger logger, string trial, string error);

    [LoggerMessage(18, LogLevel.Warning, "Reconciliation of {What} failed: {Error}")]
    public static partial void ReconcileFailed(ILogger logger, string what, string error);

    [LoggerMessage(19, LogLevel.Warning, "Trial {Trial}: epoch {Epoch} reported after {Stored}; refused (epochs must arrive in order)")]
    public static partial void EpochOutOfOrder(ILogger logger, string trial, int epoch, int stored);

    [LoggerMessage(20, LogLevel.Warning, "Scheduler dropped a stale lease of {Trial}: its stored state says queued")]
    public static partial void StaleLeaseDropped(ILogger logger, string trial);

    [LoggerMessage(21, LogLevel.Information, "Trial {Trial}: early stopping stops it at epoch {Epoch}: {Reason}")]
    public static partial void TrialStoppedEarly(ILogger logger, string trial, int epoch, string reason);
}
