using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Grains;

/// <summary>
/// Whole sweeps and trials, epochs included, assembled from the summary their sweep keeps and the epochs each trial
/// serves page by page: what results, reports and plots are made from. Reads trials a few dozen at a time, so a
/// 10,000-trial sweep is read without one enormous message.
/// </summary>
public static class SweepReads
{
    /// <summary>Epochs per call to a trial.</summary>
    public const int EpochPage = 500;

    private const int TrialsAtOnce = 32;

    /// <summary>The sweep with every trial's epochs; null when no sweep has this id.</summary>
    public static async Task<SweepInfo?> ReadSweepAsync(this IGrainFactory grains, string sweepId, CancellationToken ct = default)
    {
        if (await grains.GetGrain<ISweepGrain>(sweepId).GetSummaryAsync() is not { } summary)
        {
            return null;
        }
        return await grains.ReadEpochsAsync(summary, ct);
    }

    /// <summary>Every trial of <paramref name="summary"/> with its epochs, as the trials hold them now.</summary>
    public static async Task<SweepInfo> ReadEpochsAsync(this IGrainFactory grains, SweepSummary summary, CancellationToken ct = default)
    {
        var trials = new TrialInfo[summary.Trials.Length];
        await Parallel.ForAsync(0, trials.Length, new ParallelOptions { MaxDegreeOfParallelism = TrialsAtOnce, CancellationToken = ct }, async (i, _) =>
        {
            var known = summary.Trials[i];
            trials[i] = known.State == TrialState.Pending && known.Epochs == 0
                ? TrialInfo.Of(known, [])
                : await grains.ReadTrialAsync(summary.SweepId, known.TrialId) ?? TrialInfo.Of(known, []);
        });
        return SweepInfo.Of(summary, [.. trials]);
    }

    /// <summary>
    /// One trial with its epochs, read from the trial itself (so possibly newer than its sweep's summary); null when the
    /// trial was never created.
    /// </summary>
    public static async Task<TrialInfo?> ReadTrialAsync(this IGrainFactory grains, string sweepId, string trialId)
    {
        var trial = grains.GetGrain<ITrialGrain>(TrialIds.GrainKey(sweepId, trialId));
        if (await trial.GetAsync() is not { } summary)
        {
            return null;
        }
        var epochs = ImmutableArray.CreateBuilder<EpochRecord>(summary.Epochs);
        while (epochs.Count < summary.Epochs)
        {
            var page = await trial.GetEpochsAsync(epochs.Count + 1, Math.Min(EpochPage, summary.Epochs - epochs.Count));
            if (page.IsDefaultOrEmpty)
            {
                break;
            }
            epochs.AddRange(page);
        }
        return TrialInfo.Of(summary, epochs.ToImmutable());
    }
}
