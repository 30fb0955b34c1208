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

    /// <summary>The sweep with every trial and its epochs; null when no sweep has this id.</summary>
    [AlwaysInterleave, ReadOnly]
    Task<SweepInfo?> GetAsync();

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
    Task TrialUpdatedAsync(TrialInfo trial);

    /// <summary>
    /// Reads every unfinished trial's stored state, makes each tell the scheduler where it stands (queued or running),
    /// creates trials a failed submit left out, and derives the sweep's state from them. Called periodically by the
    /// scheduler, so a lost message or a restarted cluster heals within one interval.
    /// </summary>
    Task ReconcileAsync();
}
