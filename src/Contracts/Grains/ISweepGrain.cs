using Orleans.Concurrency;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Grains;

/// <summary>One sweep (key: sweep id = the spec's name): its spec, its trials, its aggregated progress.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Parses and validates <paramref name="specYaml"/> here, in the cluster, so a bad spec is rejected with every
    /// problem listed before any trial starts. Trials that already exist (same id) are not run again; unfinished
    /// ones are queued again, so resubmitting is also how a stopped sweep resumes.
    /// </summary>
    Task<SubmitResult> SubmitAsync(string specYaml, string source);

    /// <summary>
    /// <see cref="SubmitAsync"/> for a spec that <see cref="SpecParser"/> already parsed in this process (the embedded
    /// <c>run</c>), so it is not parsed a second time. Internal to the cluster: a client's spec is text, parsed here.
    /// </summary>
    Task<SubmitResult> SubmitParsedAsync(SweepSpec spec);

    /// <summary>
    /// The sweep with a summary of every trial (no epoch lists: read those with <see cref="SweepReads.ReadSweepAsync"/>);
    /// null when no sweep has this id.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    Task<SweepSummary?> GetSummaryAsync();

    /// <summary>
    /// The sweep's changes as they happen: first every trial (in messages of at most a few thousand), then, each time
    /// trials change, the changed ones, gathered over a moment so that a busy sweep sends a few messages a second, not
    /// one per epoch. Ends after the message that shows the sweep finished (completed or cancelled). Pass the last
    /// <see cref="SweepUpdate.Version"/> seen to continue a broken stream without receiving everything again. Ends at
    /// once, with nothing, when no sweep has this id.
    /// </summary>
    IAsyncEnumerable<SweepUpdate> WatchAsync(SweepVersion since);

    /// <summary>Stops queued and running trials (running ones within about one batch); recorded epochs are kept.</summary>
    Task CancelAsync();

    /// <summary>
    /// Removes a finished or cancelled sweep for good: its trials' states and epochs, its checkpoints, its metrics and
    /// its registry entry. A running sweep is refused (cancel it first). Safe to repeat: a delete cut short by a fault
    /// finishes when called again, and until then the sweep cannot be resubmitted.
    /// </summary>
    Task<DeleteResult> DeleteAsync();

    /// <summary>A trial's new state or epoch (sent by its trial grain; a lost one is made up by <see cref="ReconcileAsync"/>).</summary>
    [OneWay]
    Task TrialUpdatedAsync(TrialSummary trial);

    /// <summary>
    /// Reads every unfinished trial's stored state, makes each tell the scheduler where it stands (queued or running),
    /// creates trials a failed submit left out, and derives the sweep's state from them. Called periodically by the
    /// scheduler, so a lost message or a restarted cluster heals within one interval.
    /// </summary>
    Task ReconcileAsync();
}
