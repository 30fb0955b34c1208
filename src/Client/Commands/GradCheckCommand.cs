using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Trainer.GradCheck;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid gradcheck</c>: the closed-form activation and loss derivatives against autograd (one table row
/// per check, exit 1 if any fails); with <c>--example</c>, the worked backpropagation example instead.
/// </summary>
public sealed class GradCheckCommand(IAnsiConsole console) : Command<GradCheckCommand.Settings>
{
    /// <summary>Hand and autograd gradients of the worked example must agree this closely.</summary>
    public const double ExampleTolerance = 1e-10;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--points <N>")]
        [Description("Random points per check (default 200)")]
        public int Points { get; init; } = GradientChecker.DefaultPoints;

        [CommandOption("--seed <S>")]
        [Description("Seed of the random points (default 1)")]
        public long Seed { get; init; } = 1;

        [CommandOption("--example")]
        [Description("Print the worked backpropagation example (3-2-1 sigmoid network, one SGD step) instead")]
        public bool Example { get; init; }

        public override ValidationResult Validate() =>
            OptionChecks.InRange("--points", Points, 1, 1_000_000);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        settings.Example ? ShowExample() : RunChecks(settings);

    private int RunChecks(Settings settings)
    {
        var results = GradientChecker.RunAll(settings.Points, settings.Seed);
        var table = new Table()
            .AddColumn("check")
            .AddColumn(new TableColumn("points").RightAligned())
            .AddColumn(new TableColumn("max abs err").RightAligned())
            .AddColumn(new TableColumn("max rel err").RightAligned())
            .AddColumn("result");
        foreach (var r in results)
        {
            table.AddRow(
                new Text(r.Name),
                new Text(r.Points.ToString(CultureInfo.InvariantCulture)),
                new Text(Sci(r.MaxAbsError)),
                new Text(Sci(r.MaxRelError)),
                new Markup(r.Passed ? "[green]PASS[/]" : "[red]FAIL[/]"));
        }
        console.Write(table);
        var failed = results.Count(r => !r.Passed);
        console.MarkupLineInterpolated(
            $"float64, seed {settings.Seed}; pass: max relative error <= {Sci(GradientChecker.Tolerance)}, denominator max(|analytic|, |autograd|, {Sci(GradientChecker.ScaleFloor)} x max(1, largest |autograd| entry of that gradient)).");
        console.MarkupLineInterpolated(
            $"[grey]Points within {Sci(GradientChecker.KinkMargin)} of a kink (relu at 0, l1 at z = t, hinge at margin 0) or with a row norm below {Sci(GradientChecker.MinCosineNorm)} (cosine) are redrawn; huber is smooth at |r| = delta.[/]");
        var redrawn = results.Where(r => r.Resampled > 0).Select(r => $"{r.Name} {r.Resampled}").ToList();
        console.MarkupLineInterpolated($"[grey]Redrawn: {(redrawn.Count == 0 ? "none" : string.Join(", ", redrawn))}.[/]");
        if (failed > 0)
        {
            console.MarkupLineInterpolated($"[red]{failed} of {results.Count} checks failed[/]");
            return ExitCodes.Failed;
        }
        console.MarkupLineInterpolated($"[green]all {results.Count} checks passed[/]");
        return ExitCodes.Ok;
    }

    private int ShowExample()
    {
        var r = WorkedExample.Run();
        var (low, high) = WorkedExample.DLossDfRangeOverW31();
        console.MarkupLine("[bold]Worked example[/]: inputs x = (-1.67, 0.98, -0.71), target -0.49, 2 sigmoid hidden units, linear output, L = (target - f)^2.");
        console.MarkupLineInterpolated(
            $"w31 is unreadable in the source: [yellow]w31 = {G(r.W31)}[/] is our choice. No biases. SGD learning rate {G(r.LearningRate)}, no momentum.");

        var forward = new Table().AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        forward.AddRow("h1 = sum_i x_i wi1", F(r.Hidden[0]));
        forward.AddRow("h2 = sum_i x_i wi2", F(r.Hidden[1]));
        forward.AddRow("s1 = sigmoid(h1)", F(r.Sigmoids[0]));
        forward.AddRow("s2 = sigmoid(h2)", F(r.Sigmoids[1]));
        forward.AddRow("f = v1 s1 + v2 s2", F(r.Output));
        forward.AddRow("L = (target - f)^2", F(r.Loss));
        forward.AddRow("dL/df (hand)", F(r.DLossDf));
        forward.AddRow("dL/df (autograd)", F(r.DLossDfAutograd));
        forward.Title = new TableTitle("forward pass");
        console.Write(forward);
        console.MarkupLineInterpolated(
            $"The source reports dL/df ~ {G(WorkedExample.SourceDLossDf)}; here it is {F(r.DLossDf)} ({F(r.DLossDf - WorkedExample.SourceDLossDf)} off). Any w31 keeps dL/df within ({F(low)}, {F(high)}), so no choice of w31 reaches {G(WorkedExample.SourceDLossDf)}.");

        var grads = new Table().AddColumn("parameter")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn(new TableColumn("dL/dp hand").RightAligned())
            .AddColumn(new TableColumn("autograd").RightAligned())
            .AddColumn(new TableColumn("|diff|").RightAligned())
            .AddColumn(new TableColumn("after step").RightAligned());
        foreach (var g in r.Gradients)
        {
            grads.AddRow(g.Parameter, Short(g.Value), F(g.Hand), F(g.Autograd), Sci(Math.Abs(g.Hand - g.Autograd)), Short(g.Updated));
        }
        grads.Title = new TableTitle($"gradients and one SGD step (lr {G(r.LearningRate)})");
        console.Write(grads);
        console.MarkupLineInterpolated($"Loss {F(r.Loss)} -> {F(r.LossAfterStep)} after the step.");
        if (r.MaxDifference <= ExampleTolerance)
        {
            console.MarkupLineInterpolated($"[green]hand and autograd agree[/] (max |diff| {Sci(r.MaxDifference)} <= {Sci(ExampleTolerance)})");
            return ExitCodes.Ok;
        }
        console.MarkupLineInterpolated($"[red]hand and autograd disagree[/] (max |diff| {Sci(r.MaxDifference)} > {Sci(ExampleTolerance)})");
        return ExitCodes.Failed;
    }

    private static string G(double x) => x.ToString(CultureInfo.InvariantCulture);

    private static string F(double x) => x.ToString("0.000000000", CultureInfo.InvariantCulture);

    // Six decimals keep the six-column gradient table within an 80-column terminal.
    private static string Short(double x) => x.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Sci(double x) => x.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
