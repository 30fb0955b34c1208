using ScottPlot;
using SweepGrid.Client.Analysis;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>
/// One sensitivity plot per searched hyperparameter: each trial's final metric against its value, on a log axis where the
/// axis is logarithmic. Completed trials are filled circles, stopped ones open squares at the metric they stopped with.
/// </summary>
internal static class SensitivityPlots
{
    /// <summary>The file name (without extension) of an axis's plot: sensitivity-lr, sensitivity-hidden0.</summary>
    public static string FileName(string axis) => "sensitivity-" + new string([.. axis.Where(char.IsLetterOrDigit)]) + ".png";

    /// <summary>Writes one PNG per axis into <paramref name="dir"/>; returns the file names written.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<SensitivityAxis> axes, Metric metric, string dir, string sweepName)
    {
        var written = new List<string>();
        foreach (var axis in axes)
        {
            using var plot = Build(axis, metric, sweepName);
            var name = FileName(axis.Axis);
            plot.SavePng(Path.Combine(dir, name), CurvePlots.Width, CurvePlots.Height);
            written.Add(name);
        }
        return written;
    }

    private static Plot Build(SensitivityAxis axis, Metric metric, string sweepName)
    {
        var plot = new Plot();
        plot.Title($"{sweepName}: {metric.Words()} against {axis.Axis}");
        plot.XLabel(axis.Axis + (axis.Log ? " (log scale)" : ""));
        plot.YLabel($"{metric.Words()} at the last epoch");
        double X(double v) => axis.Log ? Math.Log10(v) : v;
        void Series(IEnumerable<SensitivityPoint> points, string legend, MarkerShape shape, Color color)
        {
            var list = points.ToList();
            if (list.Count == 0)
            {
                return;
            }
            var scatter = plot.Add.ScatterPoints(list.Select(p => X(p.Value)).ToArray(), list.Select(p => p.Metric).ToArray(), color);
            scatter.MarkerShape = shape;
            scatter.MarkerSize = 9;
            scatter.LegendText = legend;
        }
        Series(axis.Points.Where(p => p.State == TrialState.Completed), "completed", MarkerShape.FilledCircle, CurvePlots.ColorOf(0));
        Series(axis.Points.Where(p => p.State == TrialState.Stopped), "stopped early (metric when stopped)", MarkerShape.OpenSquare, CurvePlots.ColorOf(1));
        if (axis.Log)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = x => DecayLabel.Format(Math.Pow(10, Math.Round(x))),
            };
            plot.Axes.Bottom.TickGenerator = ticks;
        }
        // The whole searched range, so that where the trials landed reads against where they could have.
        var (lo, hi) = (X(axis.Low), X(axis.High));
        var pad = (hi - lo) * 0.03;
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsX(lo - pad, hi + pad);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
