using SweepGrid.Client;
using Xunit;

namespace SweepGrid.Tests.Cli;

public sealed class StrictOptionsTests
{
    [Fact]
    public void A_mistyped_option_is_bad_input_naming_it_instead_of_a_run_with_the_default()
    {
        // Before strict parsing this ran every gradient check with the default number of points and exited 0.
        var (exit, output) = CliRunner.Run("gradcheck", "--point", "5");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.DoesNotContain("PASS", output);
    }
}
