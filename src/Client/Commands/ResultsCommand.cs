using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Analysis;
using SweepGrid.Client.Reports;
using SweepGrid.Client.Views;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid results &lt;sweep&gt; [--json | --csv]</c>: the results table and choice, or machine-readable output.</summary>
public sealed class ResultsCommand(IAnsiConsole console) : ClusterCommand<ResultsCommand.Settings>(console)
{
    public sealed class Settings : SweepIdSettings
    {
        [CommandOption("--json")]
        [Description("Print results.json (spec, trials with epochs, selection)")]
        public bool Json { get; init; }

        [CommandOption("--csv")]
        [Description("Print metrics.csv (one row per trial-epoch)")]
        public bool Csv { get; init; }

        public override ValidationResult Validate() =>
            Json && Csv ? ValidationResult.Error("--json and --csv: choose one") : base.Validate();
    }

    protected override async Task<int> RunAsync(IGrainFactory grains, Settings settings, CancellationToken ct)
    {
        if (await ReadSweepAsync(grains, settings.Sweep, ct) is not { } sweep)
        {
            return ExitCodes.Failed;
        }
        var analysis = SweepAnalysis.Of(sweep);
        if (settings.Json)
        {
            // Plain stdout, not markup: the output is for other programs.
            Console.Profile.Out.Writer.Write(JsonSerializer.Serialize(SweepResults.Of(sweep, analysis), TrainReport.Json));
        }
        else if (settings.Csv)
        {
            Console.Profile.Out.Writer.Write(MetricsCsv.Build(sweep));
        }
        else
        {
            ResultsView.Write(Console, sweep, analysis);
        }
        return ExitCodes.Ok;
    }
}
