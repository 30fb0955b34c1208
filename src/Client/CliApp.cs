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
        config.SetExceptionHandler((e, resolver) =>
        {
            // Bad arguments and failed Settings.Validate are the user's input: exit 2. Anything else is a failure.
            var console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? AnsiConsole.Console;
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
