using System.Collections.Immutable;
using Orleans.Concurrency;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Grains;

/// <summary>
/// One trial (key: "{sweepId}/{trialId}"): its durable state and its recorded epochs. Training itself runs on a
/// silo slot outside the grain scheduler; the slot holds a lease (a fresh id per attempt) and reports through it.
/// Calls carrying a lease that is no longer current are refused, so a slot on a silo declared dead cannot
/// write into a trial that has moved on.
/// </summary>
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>Creates the trial if new and makes sure an unfinished trial is queued or tracked as running.</summary>
    Task<TrialSummary> EnsureQueuedAsync(SweepSpec spec, TrialPoint point);

    /// <summary>
    /// <see cref="EnsureQueuedAsync"/> for a submission, which queues many trials at once: a trial that waits for a
    /// slot is returned for its sweep to queue in one batch rather than queued here, and no update is sent (the sweep
    /// has the answer).
    /// </summary>
    Task<TrialReady> PrepareAsync(SweepSpec spec, TrialPoint point);

    /// <summary>The trial's state and its latest epoch; null for a trial that was never created.</summary>
    [AlwaysInterleave, ReadOnly]
    Task<TrialSummary?> GetAsync();

    /// <summary>
    /// Up to <paramref name="max"/> recorded epochs from epoch <paramref name="from"/> (1-based) on, in order; fewer at the
    /// end, none past it. Epochs are stored one row each, so a page costs the same at epoch 1 and at epoch 1,000.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    Task<ImmutableArray<EpochRecord>> GetEpochsAsync(int from, int max);

    /// <summary>A slot starts an attempt; null when the trial must not run (finished or cancelled).</summary>
    Task<TrialLease?> BeginAsync(string silo, Guid leaseId, ImmutableArray<string> fusedWith);

    /// <summary>
    /// Stores one finished epoch; idempotent by epoch number. Continue or Stop once stored; Refused when not stored
    /// (stale lease, out of order), in which case the slot must not checkpoint that epoch. Storing the spec's last epoch
    /// also completes the trial (a later <see cref="FinishAsync"/> of the attempt then changes nothing).
    /// </summary>
    Task<LeaseVerdict> ReportEpochAsync(Guid leaseId, EpochRecord epoch);

    /// <summary>Keeps the lease and asks whether to go on (Stop after a cancel).</summary>
    [AlwaysInterleave]
    Task<LeaseVerdict> HeartbeatAsync(Guid leaseId);

    /// <summary>The attempt ended: Completed, Diverged (with the message) or Cancelled.</summary>
    Task FinishAsync(Guid leaseId, TrialState outcome, string? message);

    /// <summary>The attempt threw; the trial is queued again or, past max_failures, marked failed.</summary>
    Task FailAttemptAsync(Guid leaseId, string error);

    /// <summary>
    /// The attempt cannot go on: queue the trial again to resume from its checkpoint. A <see cref="RequeueCause.SiloLost"/>
    /// attempt that recorded no epoch counts toward <c>resources.max_silo_deaths</c>; past it the trial fails.
    /// </summary>
    Task RequeueAsync(Guid leaseId, RequeueCause cause, string reason);

    Task CancelAsync();

    /// <summary>
    /// Early stopping decided to stop this trial at decision epoch <paramref name="epoch"/>: stored at once; a running
    /// trial stops at its slot's next heartbeat or report, any other unfinished (or completed) one ends stopped now.
    /// Idempotent; a diverged, failed or stopped trial is left as it is.
    /// </summary>
    Task StopEarlyAsync(int epoch, string reason);

    /// <summary>Clears the trial's stored state (its sweep is being deleted); false while a slot still runs it.</summary>
    Task<bool> DeleteAsync();

    /// <summary>
    /// Tells the scheduler where this trial stands by its stored state (queued, running under a lease, or finished) and
    /// returns that state; null for a trial that was never created. The scheduler's reconciliation calls it periodically.
    /// </summary>
    Task<TrialSummary?> ResyncAsync();
}
