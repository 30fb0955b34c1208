using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Metrics;

namespace SweepGrid.Bench.Metrics;

/// <summary>
/// Publishes synthetic trials through the same recorder the grains use: sweeps of 100 trials over a grid of
/// weight decays, each trial running with a few epochs recorded, sweep gauges and counters as they would be.
/// </summary>
internal static class SyntheticSweeps
{
    public const int TrialsPerSweep = 100;
    private static readonly double[] Decays = [5e-2, 5e-3, 5e-4, 5e-5, 5e-6];

    /// <returns>The number of sweeps.</returns>
    public static int Publish(MetricsRecorder recorder, int trials)
    {
        var random = new Random(42);
        var sweeps = (trials + TrialsPerSweep - 1) / TrialsPerSweep;
        for (var s = 0; s < sweeps; s++)
        {
            var sweepId = $"bench-{s:D4}";
            var infos = new List<TrialSummary>();
            for (var t = 0; t < TrialsPerSweep && (s * TrialsPerSweep) + t < trials; t++)
            {
                var epochs = Enumerable.Range(1, 1 + random.Next(40)).Select(e => new EpochRecord(e,
                    random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble(), 1 + random.NextDouble(), 30_000)).ToList();
                var info = new TrialSummary
                {
                    TrialId = $"{s:D4}{t:D4}beef",
                    Point = new TrialPoint(Decays[t % Decays.Length], t / Decays.Length, HiddenActivation.Relu, LossFunction.CrossEntropy),
                    State = TrialState.Running,
                    Epochs = epochs.Count,
                    Latest = epochs[^1],
                    BestTestAccuracy = epochs.Max(e => e.TestAccuracy),
                };
                recorder.Trial(sweepId, info);
                foreach (var e in epochs)
                {
                    recorder.EpochStored(sweepId, e);
                    recorder.SamplesTrained(sweepId, 60_000);
                }
                infos.Add(info);
            }
            var counts = Enum.GetValues<TrialState>().Select(state => (state.Name(), state == TrialState.Running ? infos.Count : 0)).ToImmutableArray();
            recorder.Sweep(sweepId, SweepState.Running, infos.Count, counts, infos.Max(i => i.BestTestAccuracy));
        }
        return sweeps;
    }
}
