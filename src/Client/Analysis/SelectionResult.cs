using System.Collections.Immutable;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client.Analysis;

/// <summary>The outcome of applying a sweep's selection rule to its completed trials.</summary>
/// <param name="Metric">The scored metric (written as its keyword: test_loss, …).</param>
/// <param name="Mode">max or min.</param>
/// <param name="Scope">last, best or mean_last_k.</param>
/// <param name="LastK">k of mean_last_k (kept for every scope, as the spec has it).</param>
/// <param name="Rule">The rule in words, e.g. "lowest test loss at the last epoch".</param>
/// <param name="Winner">The chosen configuration; null when no trial completed.</param>
/// <param name="Scores">Every scored configuration, best first.</param>
/// <param name="Reason">One sentence naming the rule and the numbers behind the choice.</param>
/// <param name="Excluded">One note per trial left out because it did not complete (diverged, failed, …).</param>
public sealed record SelectionResult(
    Metric Metric,
    SelectionGoal Mode,
    SelectionScope Scope,
    int LastK,
    string Rule,
    ConfigurationScore? Winner,
    ImmutableArray<ConfigurationScore> Scores,
    string Reason,
    ImmutableArray<string> Excluded);
