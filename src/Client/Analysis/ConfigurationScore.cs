using System.Collections.Immutable;

namespace SweepGrid.Client.Analysis;

/// <summary>How one configuration scored under a selection rule, and where it ranks.</summary>
/// <param name="Rank">1 for the winner.</param>
/// <param name="Configuration">The configuration.</param>
/// <param name="Label">Its label (e.g. "5e-4").</param>
/// <param name="Seeds">Completed seeds whose mean curve was scored.</param>
/// <param name="Value">The metric on the seed-mean curve: at the last epoch, at the best epoch, or the mean of the last k.</param>
/// <param name="Epochs">The scored epoch(s).</param>
/// <param name="Gap">|train accuracy − test accuracy| of the mean curve at the scored epoch(s) (averaged over them).</param>
public sealed record ConfigurationScore(
    int Rank,
    Configuration Configuration,
    string Label,
    int Seeds,
    double Value,
    ImmutableArray<int> Epochs,
    double Gap);
