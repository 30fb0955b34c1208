using System.Text.RegularExpressions;
using Xunit;

namespace SweepGrid.Tests.GradCheck;

public sealed class GradCheckCommandTests
{
    [Fact]
    public void Gradcheck_prints_one_passing_row_per_check_and_exits_0()
    {
        var (exitCode, output) = CliRunner.Run("gradcheck", "--points", "10", "--seed", "4");

        Assert.Equal(0, exitCode);
        Assert.Equal(27, Regex.Count(output, @"│ PASS"));
        Assert.DoesNotContain("FAIL", output);
        Assert.Contains("│ activation relu ", output);
        Assert.Contains("│ loss huber ", output);
        Assert.Contains("│ cosine(sigmoid(Wx+b)) ", output);
        Assert.Contains("max rel err", output);
        Assert.Contains("all 27 checks passed", output);
    }

    [Fact]
    public void Gradcheck_example_prints_hand_and_autograd_gradients_side_by_side_and_exits_0()
    {
        var (exitCode, output) = CliRunner.Run("gradcheck", "--example");

        Assert.Equal(0, exitCode);
        Assert.Contains("w31 = 0.1 is our choice", output);
        Assert.Contains("No biases", output);
        Assert.Contains("dL/df (hand)", output);
        Assert.Contains("1.396799668", output);
        Assert.Matches(@"│ parameter │\s+value │\s+dL/dp hand │\s+autograd │", output);
        Assert.Matches(@"│ w32\s+│\s+0\.190000 │", output);
        Assert.Contains("hand and autograd agree", output);
    }

    [Fact]
    public void Gradcheck_rejects_a_point_count_below_one()
    {
        var (exitCode, output) = CliRunner.Run("gradcheck", "--points", "0");

        Assert.Equal(SweepGrid.Client.ExitCodes.BadInput, exitCode);
        Assert.Contains("--points: must be between 1 and 1000000, got 0", output);
    }
}
