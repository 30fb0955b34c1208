using System.Text.RegularExpressions;
using Spectre.Console.Cli;
using SweepGrid.Client;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary>
/// A rejected command line names what was wrong and, when something valid is close, suggests it; the exit code stays
/// bad input. The test console wraps long lines, so the output is compared with its whitespace collapsed.
/// </summary>
public sealed partial class CliErrorTests
{
    [Theory]
    [InlineData("error: unknown option '--point' for 'gradcheck'; did you mean '--points'?", "gradcheck", "--point", "5")]
    [InlineData("error: unknown option '-points' for 'gradcheck'; did you mean '--points'?", "gradcheck", "-points", "5")]
    [InlineData("error: unknown option '--dri' for 'data fetch'; did you mean '--dir'?", "data", "fetch", "mnist", "--dri", "x")]
    [InlineData("error: unknown option '--conect-timeout' for 'list'; did you mean '--connect-timeout'?", "list", "--conect-timeout", "5")]
    [InlineData("error: unknown option '--wieght-decay' for 'train'; did you mean '--weight-decay'?", "train", "x.yaml", "--wieght-decay", "0.1")]
    [InlineData("error: unknown option '--hlep'; did you mean '--help'?", "--hlep")]
    public void An_unknown_option_is_named_with_the_nearest_valid_one(string expected, params string[] args)
    {
        var (exit, output) = CliRunner.Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, Flat(output));
    }

    [Fact]
    public void An_unknown_option_with_nothing_close_is_named_without_a_guess()
    {
        var (exit, output) = CliRunner.Run("gradcheck", "--zzzzzz", "5");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("error: unknown option '--zzzzzz' for 'gradcheck'; see 'sweepgrid gradcheck --help'", Flat(output));
        Assert.DoesNotContain("did you mean", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("error: unknown command 'rnu'; did you mean 'run'?", "rnu", "x.yaml")]
    [InlineData("error: unknown command 'gradchek'; did you mean 'gradcheck'?", "gradchek")]
    [InlineData("error: unknown command 'fetx' for 'data'; did you mean 'fetch'?", "data", "fetx", "mnist")]
    public void A_mistyped_command_is_named_with_the_nearest_command(string expected, params string[] args)
    {
        var (exit, output) = CliRunner.Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, Flat(output));
    }

    [Fact]
    public void An_unknown_command_with_nothing_close_is_named_without_a_guess()
    {
        var (exit, output) = CliRunner.Run("bogus");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("error: unknown command 'bogus'; see 'sweepgrid --help'", Flat(output));
        Assert.DoesNotContain("did you mean", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("error: unexpected argument 'b.yaml' for 'run', which takes 1 argument: <spec>", "run", "a.yaml", "b.yaml")]
    [InlineData("error: unexpected argument 'extra' for 'data fetch', which takes 1 argument: <dataset>", "data", "fetch", "mnist", "extra")]
    [InlineData("error: unexpected argument 'extra' for 'gradcheck', which takes no arguments", "gradcheck", "extra")]
    [InlineData("error: unexpected argument 'points' for 'gradcheck', which takes no arguments; did you mean '--points'?", "gradcheck", "points", "5")]
    public void An_extra_argument_is_named_with_what_the_command_takes(string expected, params string[] args)
    {
        var (exit, output) = CliRunner.Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, Flat(output));
    }

    [Theory]
    [InlineData("error: --points: 'abc' is not an integer", "gradcheck", "--points", "abc")]
    [InlineData("error: --points: 'abc' is not an integer", "gradcheck", "--points=abc")]
    [InlineData("error: --seed: '1.5' is not an integer", "gradcheck", "--seed", "1.5")]
    [InlineData("error: --connect-timeout: 'x' is not an integer", "list", "--connect-timeout", "x")]
    [InlineData("error: --weight-decay: 'abc' is not a number", "train", "x.yaml", "--weight-decay", "abc")]
    [InlineData("error: --epochs: 'ten' is not an integer", "train", "x.yaml", "--epochs", "ten")]
    [InlineData("error: --points: '99999999999' is out of range; expected an integer from -2147483648 to 2147483647", "gradcheck", "--points", "99999999999")]
    [InlineData("error: --points: needs a value (an integer)", "gradcheck", "--points")]
    [InlineData("error: --example: takes no value (it is a flag), got 'abc'", "gradcheck", "--example=abc")]
    public void A_value_of_the_wrong_type_names_the_option_and_the_type_expected(string expected, params string[] args)
    {
        var (exit, output) = CliRunner.Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, Flat(output));
        Assert.DoesNotContain("Nullable", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_value_is_a_short_excerpt_without_control_characters()
    {
        var (exit, output) = CliRunner.Run("gradcheck", "--points", "\u001b[31m" + new string('9', 50) + "x" + new string('y', 200));

        Assert.Equal(ExitCodes.BadInput, exit);
        var flat = Flat(output);
        Assert.Contains("error: --points: '[31m" + new string('9', 50) + "xyyyyy…' is not an integer", flat);
        Assert.DoesNotContain("\u001b", output, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('y', 20), flat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--every: '5 minutes' is not a duration like 00:00:30", "probe", "--every", "5 minutes")]
    [InlineData("--mode: 'quick' is not one of Fast, Thorough", "probe", "--mode", "quick")]
    [InlineData("--ratio: '1/2' is not a number", "probe", "--ratio", "1/2")]
    [InlineData("--verbose: 'yes' is not true or false", "probe", "--verbose", "yes")]
    public void Durations_choices_and_switches_are_named_in_words(string expected, params string[] args)
    {
        // No sweepgrid option is a duration or a choice yet: a command of the tests' own has one of each.
        var commands = new CommandTable();
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.PropagateExceptions();
            config.UseStrictParsing();
            commands.Add<ProbeCommand>(config, "probe");
        });

        var e = Assert.ThrowsAny<CommandRuntimeException>(() => app.Run(args));

        Assert.Equal(expected, CliErrors.Describe(e, args, commands));
    }

    [Theory]
    [InlineData("run", "run")]
    [InlineData("rnu", "run")]
    [InlineData("Train", "train")]
    [InlineData("reslts", "results")]
    [InlineData("x", null)]
    [InlineData("subway", null)]
    [InlineData("", null)]
    public void Only_a_close_name_is_suggested(string typed, string? expected) =>
        Assert.Equal(expected, CliErrors.Nearest(typed, ["train", "run", "submit", "results", "report"]));

    private static string Flat(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    internal enum ProbeMode
    {
        Fast,
        Thorough,
    }

    internal sealed class ProbeCommand : Command<ProbeCommand.Settings>
    {
        internal sealed class Settings : CommandSettings
        {
            [CommandOption("--every <DURATION>")]
            public TimeSpan Every { get; init; }

            [CommandOption("--mode <MODE>")]
            public ProbeMode Mode { get; init; }

            [CommandOption("--ratio <X>")]
            public float Ratio { get; init; }

            [CommandOption("--verbose <BOOL>")]
            public bool? Verbose { get; init; }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) => 0;
    }
}
