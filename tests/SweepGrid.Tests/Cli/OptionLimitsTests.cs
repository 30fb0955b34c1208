using SweepGrid.Client;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary>Option values are held to the spec's limits, and a file where a directory belongs is bad input naming it.</summary>
public sealed class OptionLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepgrid-options-").FullName;

    [Theory]
    [InlineData("--epochs", "0", "--epochs: must be between 1 and 100000, got 0")]
    [InlineData("--epochs", "100001", "--epochs: must be between 1 and 100000, got 100001")]
    [InlineData("--seed", "-1", "--seed: must be between 0 and")]
    public void Train_options_are_held_to_the_spec_limits(string option, string value, string expected)
    {
        var (exit, output) = CliRunner.Run("train", Spec(), option, value);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, output);
    }

    [Theory]
    [InlineData("run", "--run-dir")]
    [InlineData("train", "--out")]
    public void A_file_given_where_a_directory_is_expected_is_bad_input_naming_it(string command, string option)
    {
        var file = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(file, "x");

        var (exit, output) = CliRunner.Run(command, Spec(), option, file);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{option}: '{file}' is a file; expected a directory", output.Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Slots_and_the_connect_timeout_are_bounded()
    {
        Assert.Equal(ExitCodes.BadInput, CliRunner.Run("run", Spec(), "--slots", "100000").ExitCode);
        Assert.Equal(ExitCodes.BadInput, CliRunner.Run("list", "--cluster", "127.0.0.1:9", "--connect-timeout", "999999").ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Spec()
    {
        var path = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(path, $"name: opts\ndata: {{ dataset: mnist, dir: {TestData.Root} }}\nmodel: {{ hidden: [8] }}\noptimizer: {{ lr: 0.1 }}\nsweep: {{ weight_decay: [0] }}\nepochs: 1\n");
        return path;
    }
}
