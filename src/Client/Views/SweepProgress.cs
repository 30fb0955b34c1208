using Spectre.Console;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>
/// Live progress of a sweep: an overall bar (epochs done of all epochs) and a bar per trial that has started
/// (epoch n/N, latest train/test accuracy, ETA), redrawn from the sweep's update stream until the sweep leaves Running.
/// Each update touches only the bars of the trials it changed, so watching a 10,000-trial sweep costs what its
/// changes cost. A sweep of more than <see cref="MaxListed"/> trials (or a search, which grows) shows a summary instead:
/// the overall bar with counts by state, the leaders so far, and bars for the trials running now only.
/// </summary>
public static class SweepProgress
{
    private const int MaxTrialBars = 24;

    /// <summary>Trials a sweep may have and still get a bar each, finished ones included.</summary>
    public const int MaxListed = 20;

    /// <summary>Leaders shown in summary mode.</summary>
    private const int Leaders = 3;

    /// <returns>The last view received; null when the sweep does not exist.</returns>
    public static async Task<SweepView?> WatchAsync(IAnsiConsole console, IAsyncEnumerable<SweepView> views, CancellationToken ct)
    {
        await using var stream = views.GetAsyncEnumerator(ct);
        if (!await MoveNextAsync(stream) || stream.Current.Spec is null)
        {
            return null;
        }
        var view = stream.Current;
        var summary = view.TrialCount > MaxListed || view.Spec.Search.Algorithm != SearchAlgorithm.Grid;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(summary)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var epochs = view.Spec!.Epochs;
                var overall = ctx.AddTask(Overall(view), maxValue: Math.Max(1, (double)view.TrialCount * epochs));
                var leaders = summary ? ctx.AddTask(LeadersLine(view), maxValue: 1) : null;
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                do
                {
                    overall.MaxValue = Math.Max(1, (double)view.TrialCount * epochs);
                    overall.Value = view.EpochsDone;
                    overall.Description = Overall(view);
                    if (leaders is not null)
                    {
                        leaders.Description = LeadersLine(view);
                        leaders.Value = view.Count(TrialState.Completed) > 0 ? 1 : 0;
                    }
                    foreach (var t in view.LastChanged.Where(t => t.State == TrialState.Running || t.Epochs > 0 || t.State.IsTerminal()))
                    {
                        if (!bars.TryGetValue(t.TrialId, out var bar))
                        {
                            // In summary mode a bar is for a trial running now: finished ones are hidden and make room.
                            if ((summary ? bars.Values.Count(b => !b.IsFinished) : bars.Count) >= MaxTrialBars || (summary && t.State.IsTerminal()))
                            {
                                continue;
                            }
                            bar = bars[t.TrialId] = ctx.AddTask(Describe(t, epochs), maxValue: epochs);
                        }
                        bar.Value = t.State == TrialState.Completed ? epochs : t.Epochs;
                        bar.Description = Describe(t, epochs);
                        if (t.State.IsTerminal())
                        {
                            bar.StopTask();
                        }
                    }
                    if (view.State != SweepState.Running)
                    {
                        overall.Value = overall.MaxValue;
                        return;
                    }
                }
                while (await MoveNextAsync(stream));
            });
        return view;
    }

    /// <summary>The next view; false at the end of the stream or once the watcher cancels (Ctrl+C).</summary>
    private static async Task<bool> MoveNextAsync(IAsyncEnumerator<SweepView> stream)
    {
        try
        {
            return await stream.MoveNextAsync();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Overall(SweepView s)
    {
        var counts = Enum.GetValues<TrialState>().Select(state => (state, n: state == TrialState.Pending ? s.TrialCount - Known(s) + s.Count(state) : s.Count(state)))
            .Where(c => c.n > 0).Select(c => $"{c.n} {c.state.Name()}");
        return Markup.Escape($"{s.SweepId} [{s.State.ToString().ToLowerInvariant()}] {string.Join(", ", counts)}");
    }

    private static int Known(SweepView s) => Enum.GetValues<TrialState>().Sum(s.Count);

    /// <summary>The best trials so far by the selection metric at their latest epoch, completed ones first.</summary>
    private static string LeadersLine(SweepView s)
    {
        var rule = s.Spec!.Selection;
        var max = rule.Mode == SelectionGoal.Max;
        var ranked = s.Trials.Where(t => t.Latest is not null && t.State is TrialState.Completed or TrialState.Running)
            .OrderBy(t => t.State == TrialState.Completed ? 0 : 1)
            .ThenBy(t => max ? -t.Latest!.Value(rule.Metric) : t.Latest!.Value(rule.Metric))
            .Take(Leaders)
            .Select(t => $"{Point(t)} {t.Latest!.Value(rule.Metric):F4}{(t.State == TrialState.Completed ? "" : $" @{t.Epochs}")}")
            .ToList();
        return Markup.Escape(ranked.Count == 0 ? $"leaders by {rule.Metric.Keyword()}: none yet" : $"leaders by {rule.Metric.Keyword()}: {string.Join(" | ", ranked)}");
    }

    private static string Point(TrialSummary t)
    {
        var p = t.Point;
        var text = $"wd {DecayLabel.Format(p.WeightDecay)}";
        if (p.Lr is { } lr)
        {
            text += $" lr {lr.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}";
        }
        if (p.Momentum is { } m)
        {
            text += $" m {m.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}";
        }
        if (p.BatchSize is { } b)
        {
            text += $" bs {b}";
        }
        if (!p.Hidden.IsEmpty)
        {
            text += $" {string.Join('-', p.Hidden)}";
        }
        return text;
    }

    private static string Describe(TrialSummary t, int epochs)
    {
        var last = t.Latest;
        var acc = last is null ? "" : $" train {last.TrainAccuracy:P1} test {last.TestAccuracy:P1}";
        var state = t.State switch
        {
            TrialState.Running => "",
            TrialState.Stopped => $" stopped @{t.StoppedAt}",
            _ => $" {t.State.Name()}",
        };
        return Markup.Escape($"{Point(t)} s{t.Point.Seed}{Axes(t)}: {t.Epochs}/{epochs}{acc}{state}");
    }

    private static string Axes(TrialSummary t) => t.Point.Activation == HiddenActivation.Relu && t.Point.Loss == LossFunction.CrossEntropy
        ? ""
        : $" {t.Point.Activation.Keyword()}/{t.Point.Loss.Keyword()}";
}
