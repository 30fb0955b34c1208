using System.Text;
using SweepGrid.Contracts.Spec;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>What the YAML guard and the file reader refuse before any node is built, each with where and why.</summary>
public sealed class SpecGuardTests
{
    private const string Valid = "name: ok\ndata: { dataset: mnist }\nmodel: { hidden: [8] }\noptimizer: { lr: 0.1 }\nsweep: { weight_decay: [1e-4] }\nepochs: 1\n";

    [Theory]
    [InlineData(Valid + "epochs: 2\n", "(line 7, column 1): duplicate key 'epochs'")]
    [InlineData(Valid + "---\nname: again\n", "(line 7, column 1): a second YAML document ('---'); a spec is one document")]
    [InlineData("? [a, b]\n: 1\n", "(line 1, column 3): a mapping or list as a key; keys must be plain names")]
    [InlineData("&k name: x\n", "(line 1, column 1): an anchor (&k) on a key; anchors are allowed on values only")]
    [InlineData("base: &b 1\n*b : 2\n", "(line 2, column 1): an alias as a key; keys must be plain names")]
    [InlineData("list: &l [1, *l]\n", "(line 1, column 14): alias *l refers to a node that contains it (recursive)")]
    [InlineData("name: [unclosed\n", "(line 2, column 1): not valid YAML")]
    public void Unsafe_or_malformed_yaml_is_refused_with_its_line_and_column(string yaml, string expected)
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(yaml, "spec.yaml"));

        Assert.StartsWith(expected, e.Problems[0].ToString());
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_without_building_nodes()
    {
        var yaml = "name: " + new string('[', 40) + new string(']', 40) + "\n";

        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(yaml));

        Assert.Equal("(line 1, column 38): nested deeper than 32 levels", e.Problems.Single().ToString());
    }

    [Fact]
    public void A_spec_larger_than_the_limit_is_refused_before_parsing()
    {
        var yaml = Valid + "# " + new string('x', SpecLimits.MaxBytes) + "\n";

        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(yaml, "big.yaml"));

        Assert.Equal("(file): is larger than 1024 KiB, the limit for a spec", e.Problems.Single().ToString());
    }

    [Fact]
    public void A_long_name_is_quoted_back_as_a_short_excerpt_without_control_characters()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(Valid.Replace("name: ok", "name: \"" + new string('n', 5_000) + "\\u0007\"")));

        var problem = e.Problems.Single(p => p.Path == "name").Message;
        Assert.Equal($"must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit, got '{new string('n', 60)}…'", problem);
    }

    [Fact]
    public void A_spec_file_is_refused_when_it_is_a_directory_a_device_too_large_or_not_utf8()
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-specfile-").FullName;
        try
        {
            var latin1 = Path.Combine(dir, "latin1.yaml");
            File.WriteAllBytes(latin1, [.. Encoding.ASCII.GetBytes("name: caf"), 0xE9, (byte)'\n']);

            Assert.Equal("(file): is a directory; expected a YAML file", Refusal(dir));
            Assert.Equal("(file): is larger than 1024 KiB, the limit for a spec", Refusal("/dev/zero"));
            Assert.Equal("(file): is not valid UTF-8 (byte 9 and after); save it as UTF-8", Refusal(latin1));
            Assert.Equal("(file): not found", Refusal(Path.Combine(dir, "missing.yaml")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-rf")]
    [InlineData(".hidden")]
    [InlineData("ok\\n")]
    [InlineData("a/b")]
    public void A_sweep_name_that_could_escape_its_directory_or_pose_as_an_option_is_refused(string name)
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(Valid.Replace("name: ok", $"name: \"{name}\"")));

        Assert.StartsWith("must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit", e.Problems.Single(p => p.Path == "name").Message);
    }

    [Fact]
    public void A_grid_beyond_the_trial_limit_and_a_list_beyond_the_length_limit_are_refused_with_their_sizes()
    {
        var grid = Valid.Replace("sweep: { weight_decay: [1e-4] }", "sweep: { weight_decay: { log_range: { min: 1e-6, max: 1e-1, count: 5000 } }, seeds: [1, 2, 3] }");
        var list = Valid.Replace("weight_decay: [1e-4]", $"weight_decay: [{string.Join(", ", Enumerable.Range(1, 10_001))}]");

        Assert.Equal("sweep: expands to 15,000 trials (weight_decay × seeds × activation × loss); the limit is 10,000 per sweep",
            Assert.Throws<SpecException>(() => SpecParser.Parse(grid)).Problems.Single().ToString());
        Assert.Equal("sweep.weight_decay: has 10,001 items; the limit is 10,000",
            Assert.Throws<SpecException>(() => SpecParser.Parse(list)).Problems[0].ToString());
    }

    [Fact]
    public void At_most_fifty_problems_are_listed_and_the_rest_counted()
    {
        var yaml = Valid + string.Concat(Enumerable.Range(0, 80).Select(i => $"unknown{i}: 1\n"));

        var problems = Assert.Throws<SpecException>(() => SpecParser.Parse(yaml)).Problems;

        Assert.Equal(51, problems.Count);
        Assert.Equal("(spec): and 30 more problems", problems[^1].ToString());
    }

    private static string Refusal(string path) => Assert.Throws<SpecException>(() => SpecFile.Read(path)).Problems.Single().ToString();
}
