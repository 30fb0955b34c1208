using Spectre.Console.Cli;
using Spectre.Console.Testing;
using SweepGrid.Client;

namespace SweepGrid.Tests;

/// <summary>Runs the real command tree (<see cref="CliApp.Configure(IConfigurator, IReadOnlyList{string})"/>) against a <see cref="TestConsole"/>.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        var app = new CommandApp();
        app.Configure(config =>
        {
            CliApp.Configure(config, args);
            config.ConfigureConsole(console);
        });
        var exitCode = app.Run(args);
        return (exitCode, console.Output);
    }
}
