using System.Collections.Immutable;
using SweepGrid.Contracts.Search;

namespace SweepGrid.Bench.Search;

/// <summary>Sequential ask/tell: ask a point, train it, tell the sampler, for the whole budget.</summary>
internal static class SearchRun
{
    public static readonly SearchDimension[] Space =
    [
        SearchDimension.Float("weight_decay", 1e-6, 1e-1, log: true),
        SearchDimension.Float("lr", 1e-3, 0.3, log: true),
    ];

    public static List<TrialResult> Run(ISearchSampler sampler, int budget, Func<double, double, TrialResult> train)
    {
        var asked = new List<ImmutableArray<double>>();
        var observations = new List<SearchObservation>();
        var trials = new List<TrialResult>();
        for (var i = 0; i < budget; i++)
        {
            var p = sampler.Ask(i, asked, observations) ?? throw new InvalidOperationException("a continuous space cannot be exhausted");
            asked.Add(p);
            var r = train(p[0], p[1]);
            trials.Add(r);
            observations.Add(new SearchObservation(p, r.BestTestLoss, r.Epochs, Complete: true));
        }
        return trials;
    }
}
