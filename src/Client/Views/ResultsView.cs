using System.Globalization;
using Spectre.Console;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Reports;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>
/// The results table (best configuration highlighted), the one-sentence reason for the choice, its margin and seed
/// interval, and warnings. Beyond <see cref="MaxRows"/> trials the table keeps the best-ranked ones and says how many
/// more there are, so a search's results fit a screen.
/// </summary>
public static class ResultsView
{
    public const int MaxRows = 20;

    public static void Write(IAnsiConsole console, SweepInfo sweep, SweepAnalysis analysis)
    {
        var winner = analysis.Selection.Winner;
        // Columns for axes that do not vary would only repeat one value; narrow terminals need the room.
        bool Varies<T>(Func<TrialPoint, T> f) => sweep.Trials.Select(t => f(t.Point)).Distinct().Count() > 1;
        var seeds = Varies(t => t.Seed);
        var axes = Varies(t => (t.Activation, t.Loss));
        var columns = new List<(string Name, Func<TrialPoint, string> Cell)> { ("decay", p => DecayLabel.Format(p.WeightDecay)) };
        if (Varies(p => p.Lr))
        {
            columns.Add(("lr", p => p.Lr is { } v ? Configuration.Short(v) : "-"));
        }
        if (Varies(p => p.Momentum))
        {
            columns.Add(("momentum", p => p.Momentum is { } v ? Configuration.Short(v) : "-"));
        }
        if (Varies(p => p.BatchSize))
        {
            columns.Add(("batch", p => p.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "-"));
        }
        if (Varies(p => string.Join('-', p.Hidden)))
        {
            columns.Add(("hidden", p => p.Hidden.IsEmpty ? "-" : string.Join('-', p.Hidden)));
        }
        if (seeds)
        {
            columns.Add(("seed", p => p.Seed.ToString(CultureInfo.InvariantCulture)));
        }
        if (axes)
        {
            columns.Add(("act/loss", p => $"{p.Activation.Keyword()}/{p.Loss.Keyword()}"));
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (name, _) in columns)
        {
            table.AddColumn(name);
        }
        table.AddColumn("status")
            .AddColumn(new TableColumn("ep").RightAligned()).AddColumn(new TableColumn("train acc").RightAligned())
            .AddColumn(new TableColumn("test acc").RightAligned()).AddColumn(new TableColumn("test loss").RightAligned())
            .AddColumn(new TableColumn("min test loss").RightAligned());
        var shown = Rows(sweep, analysis);
        foreach (var t in shown)
        {
            var last = t.Epochs.Length > 0 ? t.Epochs[^1] : null;
            var min = t.Epochs.Length > 0 ? t.Epochs.MinBy(e => e.TestLoss) : null;
            var best = winner is not null && Configuration.Of(t.Point) == winner.Configuration;
            string Cell(string s) => best ? $"[bold green]{Markup.Escape(s)}[/]" : Markup.Escape(s);
            var cells = columns.Select((c, i) => Cell(c.Cell(t.Point) + (best && i == 0 ? " *" : ""))).ToList();
            var status = t.State == TrialState.Stopped && t.StoppedAt is { } at ? $"stopped @{at}" : t.State.Name();
            cells.AddRange([
                Cell(status),
                Cell(t.Epochs.Length.ToString(CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TrainAccuracy.ToString("P2", CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TestAccuracy.ToString("P2", CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TestLoss.ToString("F4", CultureInfo.InvariantCulture)),
                Cell(min is null ? "-" : $"{min.TestLoss:F4} @{min.Epoch}")]);
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        if (shown.Count < sweep.Trials.Length)
        {
            var counts = sweep.Trials.GroupBy(t => t.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}");
            console.MarkupLineInterpolated($"[grey]{shown.Count} of {sweep.Trials.Length} trials shown (the best ranked first; all in results.json and report.md): {string.Join(", ", counts)}[/]");
        }
        var onlyDecay = columns.Skip(1).All(c => c.Name is "seed" or "act/loss");
        console.MarkupLine(winner is null
            ? $"[yellow]No choice:[/] {Markup.Escape(analysis.Selection.Reason)}"
            : onlyDecay
                ? $"[bold]Best weight decay: {Markup.Escape(DecayLabel.Format(winner.Configuration.WeightDecay))}[/] — {Markup.Escape(analysis.Selection.Reason)}"
                : $"[bold]Best configuration: {Markup.Escape(winner.Label)}[/] — {Markup.Escape(analysis.Selection.Reason)}");
        var search = analysis.Search;
        // Worded as in report.md and report.html; the compute spent follows, for sweeps that stop early.
        foreach (var (warning, text) in SearchNotes.Lines(search, analysis.Selection, budget: false))
        {
            console.MarkupLine(warning ? $"[yellow]warning:[/] {Markup.Escape(text)}" : Markup.Escape(text));
        }
        if (sweep.Spec.EarlyStopping.Enabled)
        {
            console.MarkupLineInterpolated($"early stopping ({search.EarlyStopping}): {search.Stopped.Length} of {search.Trials} trials stopped; {search.TrialEpochs:N0} of {search.FullTrialEpochs:N0} trial-epochs trained ({search.TrialEpochFraction:P0})");
        }
        foreach (var note in analysis.OverfittingNotes.Where(n => n.Overfits))
        {
            console.MarkupLineInterpolated($"[grey]overfitting: {note.Label}: {note.Text}[/]");
        }
        foreach (var flag in analysis.NeverLearnedFlags)
        {
            console.MarkupLineInterpolated($"[grey]never learned: {flag.Label}: {flag.Reason}[/]");
        }
        foreach (var t in sweep.Trials.Where(t => t.State is TrialState.Diverged or TrialState.Failed))
        {
            console.MarkupLineInterpolated($"[red]{t.State.Name()}[/] wd {DecayLabel.Format(t.Point.WeightDecay)}: {t.Message}");
        }
    }

    /// <summary>Every trial, in sweep order, up to <see cref="MaxRows"/>; beyond, the trials of the best-ranked configurations first.</summary>
    private static List<TrialInfo> Rows(SweepInfo sweep, SweepAnalysis analysis)
    {
        if (sweep.Trials.Length <= MaxRows)
        {
            return [.. sweep.Trials];
        }
        var rank = analysis.Selection.Scores.ToDictionary(s => s.Configuration, s => s.Rank);
        return [.. sweep.Trials
            .OrderBy(t => rank.GetValueOrDefault(Configuration.Of(t.Point), int.MaxValue))
            .ThenByDescending(t => t.Epochs.Length)
            .Take(MaxRows)];
    }
}
