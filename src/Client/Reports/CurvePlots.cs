using ScottPlot;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;

namespace SweepGrid.Client.Reports;

/// <summary>
/// Learning-curve plots: one colour per configuration, train dashed and test solid, mean over seeds with a
/// ± std band when there are several.
/// </summary>
internal static class CurvePlots
{
    public const int Width = 960;
    public const int Height = 600;

    /// <summary>
    /// Train lines are thinner than test lines, and that width is unique in the plot, so the SVG post-processing
    /// can find them (see <see cref="SvgDashes"/>); it also keeps them apart where dashes are not drawn.
    /// </summary>
    public const float TrainLineWidth = 1.5f;
    public const float TestLineWidth = 2.5f;

    /// <summary>
    /// Dash and gap lengths (pixels) of train lines, in PNG and SVG alike: short enough that a legend symbol
    /// shows several dashes, where ScottPlot's 10/10 default shows a single one that reads as a solid line.
    /// </summary>
    public static readonly IReadOnlyList<float> TrainDash = [6f, 4f];

    private const float LegendSymbolWidth = 32;

    /// <summary>Writes <paramref name="name"/>.png and <paramref name="name"/>.svg into <paramref name="dir"/>.</summary>
    public static void Write(IReadOnlyList<ConfigurationCurve> curves, string dir, string name, string title, string yLabel,
        Metric train, Metric test, bool unitRange)
    {
        using (var png = Build(curves, title, yLabel, train, test, unitRange, dashed: true))
        {
            png.SavePng(Path.Combine(dir, name + ".png"), Width, Height);
        }
        // ScottPlot's SVG export has no stroke-dasharray: depending on the Skia build a dashed line is either
        // dropped to solid (with "Unsupported path effect") or expanded into one filled outline per dash. Either way
        // the SVG is drawn solid and the train lines get a real dash pattern afterwards.
        using var svg = Build(curves, title, yLabel, train, test, unitRange, dashed: false);
        File.WriteAllText(Path.Combine(dir, name + ".svg"), SvgDashes.Apply(svg.GetSvgXml(Width, Height), TrainLineWidth, TrainDash));
    }

    /// <summary>
    /// A sans-serif face that is installed, if any: ScottPlot's own detection falls back to a serif face on Linux
    /// hosts without fontconfig defaults, which reads poorly at tick-label sizes.
    /// </summary>
    private static readonly string? SansFont = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" }
        .FirstOrDefault(f => Fonts.GetTypeface(f, bold: false, italic: false)?.FamilyName == f);

    public static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static Plot Build(IReadOnlyList<ConfigurationCurve> curves, string title, string yLabel, Metric train, Metric test,
        bool unitRange, bool dashed)
    {
        var plot = new Plot();
        if (SansFont is not null)
        {
            plot.Font.Set(SansFont);
        }
        plot.Title(curves.Count == 0 ? title + " (no epochs recorded)" : title);
        plot.XLabel("Epoch");
        plot.YLabel(yLabel);
        for (var i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var color = ColorOf(i);
            var xs = curve.Epochs.Select(e => (double)e.Epoch).ToArray();
            if (curve.SeedCount > 1)
            {
                Band(plot, xs, curve, train, color);
                Band(plot, xs, curve, test, color);
            }
            Line(plot, xs, curve, train, color, $"{curve.Label} train", TrainLineWidth, dashed ? new LinePattern([.. TrainDash], 0, "train") : LinePattern.Solid);
            Line(plot, xs, curve, test, color, $"{curve.Label} test", TestLineWidth, LinePattern.Solid);
        }
        // Epochs are whole numbers; fractional ticks (1.2, 1.4, …) would suggest otherwise.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (unitRange)
        {
            // Zoom to the data (weak decays crowd together near the top) but never past 0..1.
            plot.Axes.AutoScaleY();
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(Math.Max(0, limits.Bottom), Math.Min(1, limits.Top));
        }
        if (curves.Count > 0)
        {
            // Outside the data area: learning curves fill every corner at some point, so no inside spot is safe.
            plot.ShowLegend(Edge.Right);
            plot.Legend.SymbolWidth = LegendSymbolWidth;
        }
        return plot;
    }

    private static void Line(Plot plot, double[] xs, ConfigurationCurve curve, Metric metric, Color color, string legend,
        float width, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs, curve.Epochs.Select(e => e.Of(metric).Mean).ToArray(), color);
        line.LineWidth = width;
        line.LinePattern = pattern;
        line.LegendText = legend;
    }

    private static void Band(Plot plot, double[] xs, ConfigurationCurve curve, Metric metric, Color color)
    {
        var stats = curve.Epochs.Select(e => e.Of(metric)).ToArray();
        var band = plot.Add.FillY(xs, [.. stats.Select(s => s.Mean - s.Std)], [.. stats.Select(s => s.Mean + s.Std)]);
        band.FillColor = color.WithAlpha(0.12);
        band.LineWidth = 0;
    }
}
