using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Commands;

namespace SweepGrid.Client;

/// <summary>Builds the command tree; shared by Program and the CLI tests.</summary>
public static class CliApp
{
    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("sweepgrid");
        // A mistyped option must be an error, never a run with the default.
        config.UseStrictParsing();
        config.SetExceptionHandler((e, resolver) =>
        {
            // Bad arguments and failed Settings.Validate are the user's input: exit 2. Anything else is a failure.
            // A parse error comes before the type resolver exists (resolver is null), so the configured console is
            // read from the settings: an in-process host's console gets the message, not the process's stdout.
            var console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? config.Settings.Console ?? AnsiConsole.Console;
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return e is CommandParseException or CommandRuntimeException ? ExitCodes.BadInput : ExitCodes.Failed;
        });
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train one trial of a spec on this machine (no cluster) and write metrics.json.")
            .WithExample("train", "examples/mnist-quick.yaml", "--weight-decay", "5e-4");
        config.AddCommand<GradCheckCommand>("gradcheck")
            .WithDescription("Check the closed-form activation and loss gradients against autograd (float64, random points).")
            .WithExample("gradcheck", "--points", "500", "--seed", "7")
            .WithExample("gradcheck", "--example");
        config.AddCommand<RunCommand>("run")
            .WithDescription("Run a whole sweep on this machine (embedded cluster), with live progress, the chosen weight decay and a report.")
            .WithExample("run", "examples/mnist-quick.yaml");
        config.AddCommand<SubmitCommand>("submit").WithDescription("Submit a sweep to a running cluster; prints its id.");
        config.AddCommand<WatchCommand>("watch").WithDescription("Follow a sweep live until it ends (Ctrl+C detaches).");
        config.AddCommand<StatusCommand>("status").WithDescription("One sweep's trials, or all sweeps.");
        config.AddCommand<ListCommand>("list").WithDescription("All sweeps with their state.");
        config.AddCommand<ResultsCommand>("results").WithDescription("Results table and the chosen weight decay; --json or --csv for programs.");
        config.AddCommand<CancelCommand>("cancel").WithDescription("Stop a sweep's trials; recorded epochs are kept.");
        config.AddCommand<ReportCommand>("report").WithDescription("Write plots, results.json, metrics.csv and report.md for a sweep.");
        config.AddBranch("data", data =>
        {
            data.SetDescription("Datasets: fetch and verify.");
            data.AddCommand<DataFetchCommand>("fetch")
                .WithDescription("Download, convert and verify a dataset (mnist or fashion-mnist) into the data directory.");
        });
    }

    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C: stop cleanly between batches, keeping finished epochs. A second one kills.
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                AnsiConsole.MarkupLine("[yellow]stopping after the current batch (Ctrl+C again to abort)[/]");
                cts.Cancel();
            }
        };
        var app = new CommandApp();
        app.Configure(Configure);
        return await app.RunAsync(args, cts.Token);
    }
}
