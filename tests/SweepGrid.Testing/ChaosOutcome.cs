using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// What the faults did to a sweep, read from its stored trials once it should be done. Every count is zero
/// when nothing was lost, stored twice, left behind or blamed on the trial.
/// </summary>
/// <param name="EpochsLost">Epochs of 1..N missing from completed trials.</param>
/// <param name="EpochsDuplicated">Epoch numbers stored more than once (each extra copy counts).</param>
/// <param name="TrialsOrphaned">Trials not finished (not terminal) when the sweep should have been done.</param>
/// <param name="AttemptsFailed">Sum of the trials' failed-attempt counts.</param>
/// <param name="TrialsNotCompleted">Trials that ended otherwise than completed (failed, diverged, cancelled).</param>
/// <param name="Problems">One line per trial that shows any of the above, for the report and for assertions.</param>
public sealed record ChaosOutcome(
    int EpochsLost,
    int EpochsDuplicated,
    int TrialsOrphaned,
    int AttemptsFailed,
    int TrialsNotCompleted,
    ImmutableArray<string> Problems)
{
    public bool IsClean => EpochsLost == 0 && EpochsDuplicated == 0 && TrialsOrphaned == 0 && AttemptsFailed == 0 && TrialsNotCompleted == 0;

    public static ChaosOutcome Of(IReadOnlyCollection<TrialInfo> trials, int epochs)
    {
        var (lost, duplicated, orphaned, failed, notCompleted) = (0, 0, 0, 0, 0);
        var problems = ImmutableArray.CreateBuilder<string>();
        foreach (var t in trials)
        {
            var numbers = t.Epochs.Select(e => e.Epoch).ToList();
            var extra = numbers.Count - numbers.Distinct().Count();
            var missing = t.State == TrialState.Completed ? Enumerable.Range(1, epochs).Except(numbers).ToList() : [];
            var unexpected = numbers.Where(n => n < 1 || n > epochs).Distinct().ToList();
            duplicated += extra;
            lost += missing.Count;
            failed += t.Failures;
            orphaned += t.State.IsTerminal() ? 0 : 1;
            notCompleted += t.State.IsTerminal() && t.State != TrialState.Completed ? 1 : 0;
            if (extra > 0 || missing.Count > 0 || unexpected.Count > 0 || t.Failures > 0 || t.State != TrialState.Completed)
            {
                problems.Add($"{t.TrialId} (wd={t.Point.WeightDecay:R}, seed={t.Point.Seed}): {t.State.Name()}, epochs [{string.Join(',', numbers)}]" +
                    (missing.Count > 0 ? $", missing [{string.Join(',', missing)}]" : "") +
                    (unexpected.Count > 0 ? $", outside 1..{epochs} [{string.Join(',', unexpected)}]" : "") +
                    $", failures={t.Failures}, resumes={t.Resumes}, silo={t.Silo}, message={t.Message ?? "-"}");
            }
        }
        return new ChaosOutcome(lost, duplicated, orphaned, failed, notCompleted, problems.ToImmutable());
    }
}
