using System.Collections.Immutable;

namespace SweepGrid.Testing;

/// <summary>
/// The figures of one soak run (one fuse mode). Counts of faults are those injected; the zero figures come from
/// the stored trials (<see cref="ChaosOutcome"/>); recovery times are seconds from the fault to the next
/// recorded epoch (see <see cref="FaultRecord"/>).
/// </summary>
public sealed record ChaosModeReport
{
    public required string Fuse { get; init; }
    public required int Trials { get; init; }
    public required int Epochs { get; init; }
    public required int Kills { get; init; }
    public required int SchedulerHostKills { get; init; }
    public required int PostgresRestarts { get; init; }
    public required int WholeClusterKills { get; init; }
    public required int EpochsLost { get; init; }
    public required int EpochsDuplicated { get; init; }
    public required int TrialsOrphaned { get; init; }
    public required int AttemptsFailed { get; init; }
    public required int TrialsNotCompleted { get; init; }
    /// <summary>Faults after which no epoch was recorded within the recovery timeout.</summary>
    public required int FaultsNotRecovered { get; init; }
    /// <summary>From a silo's kill to the next epoch of the trial(s) it was running, recorded from a live silo.</summary>
    public required ImmutableArray<double> RecoveryAfterSiloDeathSeconds { get; init; }
    public double? RecoveryAfterSiloDeathMaxSeconds => RecoveryAfterSiloDeathSeconds.IsDefaultOrEmpty ? null : RecoveryAfterSiloDeathSeconds.Max();
    /// <summary>From PostgreSQL's return to the next epoch recorded anywhere.</summary>
    public required ImmutableArray<double> RecoveryAfterPostgresReturnSeconds { get; init; }
    public double? RecoveryAfterPostgresReturnMaxSeconds => RecoveryAfterPostgresReturnSeconds.IsDefaultOrEmpty ? null : RecoveryAfterPostgresReturnSeconds.Max();
    /// <summary>From the kill of every silo (restart included) to the next epoch recorded by a restarted silo.</summary>
    public required ImmutableArray<double> RecoveryAfterWholeClusterKillSeconds { get; init; }
    public double? RecoveryAfterWholeClusterKillMaxSeconds => RecoveryAfterWholeClusterKillSeconds.IsDefaultOrEmpty ? null : RecoveryAfterWholeClusterKillSeconds.Max();
    /// <summary>From submission to the sweep's completion (or the completion timeout).</summary>
    public required double WallSeconds { get; init; }
    /// <summary>With fuse off: every trial's per-epoch metrics equal an uninterrupted `sweepgrid run` bit for bit; null when not checked.</summary>
    public bool? BitIdentical { get; init; }
    public ImmutableArray<string> BitDifferences { get; init; } = [];
    /// <summary>Trials behind any non-zero figure, one line each.</summary>
    public required ImmutableArray<string> Problems { get; init; }
    public required ImmutableArray<FaultRecord> Faults { get; init; }

    /// <summary>True when no epoch was lost or duplicated, nothing orphaned or blamed, every fault recovered and (where checked) bits match.</summary>
    public bool Clean => EpochsLost == 0 && EpochsDuplicated == 0 && TrialsOrphaned == 0 && AttemptsFailed == 0 && TrialsNotCompleted == 0
        && FaultsNotRecovered == 0 && BitIdentical != false;
}
