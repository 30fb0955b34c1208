using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Trainer.Data;

namespace SweepGrid.Client.Commands;

/// <summary><c>sweepgrid data fetch &lt;dataset&gt;</c>.</summary>
public sealed class DataFetchCommand(IAnsiConsole console) : AsyncCommand<DataFetchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<dataset>")]
        [Description("mnist or fashion-mnist")]
        public string Dataset { get; init; } = "";

        [CommandOption("--dir <DIR>")]
        [Description("Data directory (default: $SWEEPGRID_DATA, else ~/.cache/sweepgrid/data)")]
        public string? Dir { get; init; }

        [CommandOption("--force")]
        [Description("Fetch again even when the files are present")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            DatasetNames.Fetchable.Contains(Dataset)
                ? OptionChecks.Directory("--dir", Dir)
                : ValidationResult.Error($"dataset: must be one of {string.Join(", ", DatasetNames.Fetchable)}, got '{Dataset}'");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = DataDirectory.Resolve(settings.Dir);
        try
        {
            var origin = await DataAccess.FetchAsync(settings.Dataset, root, settings.Force, console, cancellationToken);
            var f = DataDirectory.Files(root, settings.Dataset);
            console.MarkupLineInterpolated($"[green]{settings.Dataset}[/] ready in {Path.GetDirectoryName(f.TrainImages)} ({origin}); verified 60,000 train / 10,000 test 28x28 images.");
            return ExitCodes.Ok;
        }
        catch (DataFormatException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failed;
        }
        catch (HttpRequestException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] could not download {settings.Dataset}: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
