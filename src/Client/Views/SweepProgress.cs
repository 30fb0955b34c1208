using Spectre.Console;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>
/// Live progress of a sweep: an overall bar (epochs done of all epochs) and a bar per trial that has started
/// (epoch n/N, latest train/test accuracy, ETA), polled from the cluster until the sweep leaves Running.
/// </summary>
public static class SweepProgress
{
    private const int MaxTrialBars = 24;

    /// <returns>The last state seen; null when the sweep does not exist.</returns>
    public static async Task<SweepInfo?> WatchAsync(IAnsiConsole console, Func<Task<SweepInfo?>> poll, TimeSpan interval, CancellationToken ct)
    {
        var sweep = await poll();
        if (sweep is null)
        {
            return null;
        }
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var epochs = sweep.Spec.Epochs;
                var overall = ctx.AddTask(Overall(sweep), maxValue: Math.Max(1, sweep.Trials.Length * epochs));
                var bars = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    overall.MaxValue = Math.Max(1, sweep.Trials.Length * epochs);
                    overall.Value = sweep.Trials.Sum(t => t.State.IsTerminal() ? epochs : t.Epochs.Length);
                    overall.Description = Overall(sweep);
                    foreach (var t in sweep.Trials.Where(t => t.State == TrialState.Running || t.Epochs.Length > 0 || t.State.IsTerminal()))
                    {
                        if (!bars.TryGetValue(t.TrialId, out var bar))
                        {
                            if (bars.Count >= MaxTrialBars)
                            {
                                continue;
                            }
                            bar = bars[t.TrialId] = ctx.AddTask(Describe(t, epochs), maxValue: epochs);
                        }
                        bar.Value = t.State == TrialState.Completed ? epochs : t.Epochs.Length;
                        bar.Description = Describe(t, epochs);
                        if (t.State.IsTerminal())
                        {
                            bar.StopTask();
                        }
                    }
                    if (sweep.State != SweepState.Running || ct.IsCancellationRequested)
                    {
                        if (sweep.State != SweepState.Running)
                        {
                            overall.Value = overall.MaxValue;
                        }
                        return;
                    }
                    try
                    {
                        await Task.Delay(interval, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    sweep = await poll() ?? sweep;
                }
            });
        return sweep;
    }

    private static string Overall(SweepInfo s)
    {
        var counts = s.Trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}");
        return Markup.Escape($"{s.SweepId} [{s.State.ToString().ToLowerInvariant()}] {string.Join(", ", counts)}");
    }

    private static string Describe(TrialInfo t, int epochs)
    {
        var last = t.Epochs.Length > 0 ? t.Epochs[^1] : null;
        var acc = last is null ? "" : $" train {last.TrainAccuracy:P1} test {last.TestAccuracy:P1}";
        var state = t.State == TrialState.Running ? "" : $" {t.State.Name()}";
        return Markup.Escape($"wd {DecayLabel.Format(t.Point.WeightDecay)} s{t.Point.Seed}{Axes(t)}: {t.Epochs.Length}/{epochs}{acc}{state}");
    }

    private static string Axes(TrialInfo t) => t.Point.Activation == HiddenActivation.Relu && t.Point.Loss == LossFunction.CrossEntropy
        ? ""
        : $" {t.Point.Activation.Keyword()}/{t.Point.Loss.Keyword()}";
}
