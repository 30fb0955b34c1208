namespace SweepGrid.Bench.Search;

/// <summary>One sampler's results over the search seeds; the comparison fields are set on TPE's side only.</summary>
internal sealed record SamplerFigures(
    string Sampler,
    double MedianBestTestLoss,
    double MeanBestTestLoss,
    IReadOnlyList<double> PerSeedBest,
    IReadOnlyList<double[]> PerSeedBestPoint,
    bool? BeatsRandom = null,
    int? Wins = null,
    int? Ties = null,
    int? Of = null);
