using Spectre.Console;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>
/// Live progress of a sweep: an overall bar (epochs done of all epochs) and a bar per trial that has started
/// (epoch n/N, latest train/test accuracy, ETA), redrawn from the sweep's update stream until the sweep leaves Running.
/// Each update touches only the bars of the trials it changed, so watching a 10,000-trial sweep costs what its
/// changes cost.
/// </summary>
public static class SweepProgress
{
    private const int MaxTrialBars = 24;

    /// <returns>The last view received; null when the sweep does not exist.</returns>
    public static async Task<SweepView?> WatchAsync(IAnsiConsole console, IAsyncEnumerable<SweepView> views, CancellationToken ct)
    {
        await using var stream = views.GetAsyncEnumerator(ct);
        if (!await MoveNextAsync(stream) || stream.Current.Spec is null)
        {
            return null;
        }
        var view = stream.Current;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var epochs = view.Spec!.Epochs;
                var overall = ctx.AddTask(Overall(view), maxValue: Math.Max(1, (double)view.TrialCount * epochs));
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                do
                {
                    overall.MaxValue = Math.Max(1, (double)view.TrialCount * epochs);
                    overall.Value = view.EpochsDone;
                    overall.Description = Overall(view);
                    foreach (var t in view.LastChanged.Where(t => t.State == TrialState.Running || t.Epochs > 0 || t.State.IsTerminal()))
                    {
                        if (!bars.TryGetValue(t.TrialId, out var bar))
                        {
                            if (bars.Count >= MaxTrialBars)
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

    private static string Describe(TrialSummary t, int epochs)
    {
        var last = t.Latest;
        var acc = last is null ? "" : $" train {last.TrainAccuracy:P1} test {last.TestAccuracy:P1}";
        var state = t.State == TrialState.Running ? "" : $" {t.State.Name()}";
        return Markup.Escape($"wd {DecayLabel.Format(t.Point.WeightDecay)} s{t.Point.Seed}{Axes(t)}: {t.Epochs}/{epochs}{acc}{state}");
    }

    private static string Axes(TrialSummary t) => t.Point.Activation == HiddenActivation.Relu && t.Point.Loss == LossFunction.CrossEntropy
        ? ""
        : $" {t.Point.Activation.Keyword()}/{t.Point.Loss.Keyword()}";
}
