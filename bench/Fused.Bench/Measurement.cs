namespace SweepGrid.Bench.Fused;

/// <summary>
/// One group size: median trial-samples/s fused and unfused (sequential), their ratio, and every round.
/// When <paramref name="UnfusedExtrapolated"/>, only <paramref name="UnfusedTrialsMeasured"/> of the K unfused
/// trials were run: trials one after another proceed at the rate of one, so that rate stands for all K.
/// The per-CPU-second rates divide by the process's CPU time instead of wall time (evaluation included, which is
/// small and alike for both): on a machine shared with other work they show the cost of the computation itself.
/// </summary>
internal sealed record Measurement(
    int K,
    double FusedTrialSamplesPerSecond,
    double UnfusedTrialSamplesPerSecond,
    double Speedup,
    double FusedTrialSamplesPerCpuSecond,
    double UnfusedTrialSamplesPerCpuSecond,
    int UnfusedTrialsMeasured,
    bool UnfusedExtrapolated,
    IReadOnlyList<double> FusedRounds,
    IReadOnlyList<double> UnfusedRounds);
