using Spectre.Console;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Views;

/// <summary>The results table (best configuration highlighted) and the one-sentence reason for the choice.</summary>
public static class ResultsView
{
    public static void Write(IAnsiConsole console, SweepInfo sweep, SweepAnalysis analysis)
    {
        var winner = analysis.Selection.Winner;
        // Columns for axes that do not vary would only repeat one value; narrow terminals need the room.
        var seeds = sweep.Trials.Select(t => t.Point.Seed).Distinct().Count() > 1;
        var axes = sweep.Trials.Select(t => (t.Point.Activation, t.Point.Loss)).Distinct().Count() > 1;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("decay");
        if (seeds)
        {
            table.AddColumn("seed");
        }
        if (axes)
        {
            table.AddColumn("act/loss");
        }
        table.AddColumn("status")
            .AddColumn(new TableColumn("ep").RightAligned()).AddColumn(new TableColumn("train acc").RightAligned())
            .AddColumn(new TableColumn("test acc").RightAligned()).AddColumn(new TableColumn("test loss").RightAligned())
            .AddColumn(new TableColumn("min test loss").RightAligned());
        foreach (var t in sweep.Trials)
        {
            var last = t.Epochs.Length > 0 ? t.Epochs[^1] : null;
            var min = t.Epochs.Length > 0 ? t.Epochs.MinBy(e => e.TestLoss) : null;
            var best = winner is not null && Configuration.Of(t.Point) == winner.Configuration;
            string Cell(string s) => best ? $"[bold green]{Markup.Escape(s)}[/]" : Markup.Escape(s);
            var cells = new List<string> { Cell(DecayLabel.Format(t.Point.WeightDecay) + (best ? " *" : "")) };
            if (seeds)
            {
                cells.Add(Cell(t.Point.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (axes)
            {
                cells.Add(Cell($"{t.Point.Activation.Keyword()}/{t.Point.Loss.Keyword()}"));
            }
            cells.AddRange([
                Cell(t.State.Name()),
                Cell(t.Epochs.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TrainAccuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TestAccuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)),
                Cell(last is null ? "-" : last.TestLoss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)),
                Cell(min is null ? "-" : $"{min.TestLoss:F4} @{min.Epoch}")]);
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine(winner is null
            ? $"[yellow]No choice:[/] {Markup.Escape(analysis.Selection.Reason)}"
            : $"[bold]Best weight decay: {Markup.Escape(DecayLabel.Format(winner.Configuration.WeightDecay))}[/] — {Markup.Escape(analysis.Selection.Reason)}");
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
}
