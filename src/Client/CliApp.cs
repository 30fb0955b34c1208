using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Commands;

namespace SweepGrid.Client;

/// <summary>Builds the command tree; shared by Program and the CLI tests.</summary>
public static class CliApp
{
    /// <summary>The command's name, as help and error messages show it.</summary>
    public const string Name = "sweepgrid";

    /// <summary>
    /// The command tree without the arguments it will run with (for hosts that take them later, such as
    /// CommandAppTester): errors then carry Spectre's own wording, not the one naming the option and its nearest match.
    /// </summary>
    public static void Configure(IConfigurator config) => Configure(config, []);

    /// <summary>
    /// The command tree for a run with <paramref name="args"/>. Spectre hands its exception handler only the exception,
    /// so the arguments come in here to let an error name what was typed and what was meant.
    /// </summary>
    public static void Configure(IConfigurator config, IReadOnlyList<string> args)
    {
        var commands = new CommandTable();
        config.SetApplicationName(Name);
        // A mistyped option must be an error, never a run with the default.
        config.UseStrictParsing();
        config.SetExceptionHandler((e, resolver) =>
        {
            // Bad arguments and failed Settings.Validate are the user's input: exit 2. Anything else is a failure.
            // A parse error comes before the type resolver exists (resolver is null), so the configured console is
            // read from the settings: an in-process host's console gets the message, not the process's stdout.
            var console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? config.Settings.Console ?? AnsiConsole.Console;
            console.MarkupLineInterpolated($"[red]error:[/] {CliErrors.Describe(e, args, commands)}");
            return e is CommandParseException or CommandRuntimeException ? ExitCodes.BadInput : ExitCodes.Failed;
        });
        commands.Add<TrainCommand>(config, "train")
            .WithDescription("Train one trial of a spec on this machine (no cluster) and write metrics.json.")
            .WithExample("train", "examples/mnist-quick.yaml", "--weight-decay", "5e-4");
        commands.Add<GradCheckCommand>(config, "gradcheck")
            .WithDescription("Check the closed-form activation and loss gradients against autograd (float64, random points).")
            .WithExample("gradcheck", "--points", "500", "--seed", "7")
            .WithExample("gradcheck", "--example");
        commands.Add<RunCommand>(config, "run")
            .WithDescription("Run a whole sweep on this machine (embedded cluster), with live progress, the chosen weight decay and a report.")
            .WithExample("run", "examples/mnist-quick.yaml");
        commands.Add<SubmitCommand>(config, "submit").WithDescription("Submit a sweep to a running cluster; prints its id.");
        commands.Add<WatchCommand>(config, "watch").WithDescription("Follow a sweep live until it ends (Ctrl+C detaches).");
        commands.Add<StatusCommand>(config, "status").WithDescription("One sweep's trials, or all sweeps.");
        commands.Add<ListCommand>(config, "list").WithDescription("All sweeps with their state.");
        commands.Add<ResultsCommand>(config, "results").WithDescription("Results table and the chosen weight decay; --json or --csv for programs.");
        commands.Add<CancelCommand>(config, "cancel").WithDescription("Stop a sweep's trials; recorded epochs are kept.");
        commands.Add<ReportCommand>(config, "report").WithDescription("Write plots, results.json, metrics.csv, report.md and report.html for a sweep (or from a results.json).");
        commands.Add<DeleteCommand>(config, "delete").WithDescription("Remove a finished or cancelled sweep: trial states, epochs, checkpoints.");
        commands.Add<PruneCommand>(config, "prune").WithDescription("Delete every sweep that finished more than --older-than days ago.");
        commands.Add<CertsCommand>(config, "certs")
            .WithDescription("Make a cluster CA, the silo certificate and a client certificate (PEM) for a TLS cluster.")
            .WithExample("certs", "--out", "certs", "--host", "silo-1", "--host", "silo-2");
        config.AddBranch("data", data =>
        {
            data.SetDescription("Datasets: fetch and verify.");
            commands.Add<DataFetchCommand>(data, "data fetch")
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
        app.Configure(config => Configure(config, args));
        return await app.RunAsync(args, cts.Token);
    }
}
