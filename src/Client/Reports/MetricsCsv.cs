using System.Globalization;
using System.Text;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Client.Reports;

/// <summary>metrics.csv: one row per recorded epoch of every trial, for spreadsheets and pandas.</summary>
public static class MetricsCsv
{
    /// <summary>The header row.</summary>
    public const string Header =
        "sweep,trial,weight_decay,seed,activation,loss,status,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds";

    /// <summary>
    /// The CSV text (header, then trials in sweep order, epochs in order). Numbers use the invariant culture and
    /// round-trip formatting, so the file reads back to the same doubles on any machine.
    /// </summary>
    public static string Build(SweepInfo sweep)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var trial in sweep.Trials)
        {
            var p = trial.Point;
            foreach (var e in trial.Epochs)
            {
                string[] cells =
                [
                    sweep.SweepId, trial.TrialId, R(p.WeightDecay), p.Seed.ToString(CultureInfo.InvariantCulture),
                    p.Activation.Keyword(), p.Loss.Keyword(), trial.State.Name(), e.Epoch.ToString(CultureInfo.InvariantCulture),
                    R(e.TrainLoss), R(e.TrainAccuracy), R(e.TestLoss), R(e.TestAccuracy), R(e.Seconds),
                ];
                csv.AppendJoin(',', cells.Select(Cell)).Append('\n');
            }
        }
        return csv.ToString();
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quotes a cell only when it needs it (sweep names and activations are plain words in practice).</summary>
    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
