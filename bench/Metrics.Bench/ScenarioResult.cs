namespace SweepGrid.Bench.Metrics;

/// <summary>One scenario's measurements; latencies are whole scrapes (request to last byte) in milliseconds.</summary>
internal sealed record ScenarioResult(
    int Trials,
    int Sweeps,
    int SweepGridSeries,
    int TotalSeries,
    long PayloadBytes,
    int Scrapes,
    double MedianMs,
    double P95Ms,
    double MeanMs,
    double MinMs,
    double MaxMs);
