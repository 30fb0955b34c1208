using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>Waits on a sweep's state, the same way for every kind of cluster a test runs (in-process, embedded, processes).</summary>
public static class SweepWaits
{
    /// <summary>
    /// Reads the sweep (with every trial's epochs) until <paramref name="done"/> holds. Reads that fail count as "not yet"
    /// (a sweep grain moving off a killed silo); a timeout names <paramref name="what"/> and describes every trial.
    /// </summary>
    public static Task<SweepInfo> WaitForSweepAsync(this IGrainFactory grains, string sweepId, Func<SweepInfo, bool> done, string what, TimeSpan timeout) =>
        Wait.UntilAsync(async () => (await grains.ReadSweepAsync(sweepId))!, done, timeout, what, Describe);

    /// <summary>The sweep's state and each trial's state, epochs, silo, failures, resumes and message.</summary>
    public static string Describe(SweepInfo? s) => s is null ? "no sweep" :
        $"{s.State}: " + string.Join("; ", s.Trials.Select(t => $"{t.TrialId} {t.State.Name()} {t.Epochs.Length} epochs on {t.Silo} failures={t.Failures} resumes={t.Resumes} {t.Message}"));
}
