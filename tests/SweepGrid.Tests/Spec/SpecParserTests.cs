using SweepGrid.Contracts.Spec;
using Xunit;

namespace SweepGrid.Tests.Spec;

public sealed class SpecParserTests
{
    private const string Valid = """
        name: t
        data: { dataset: mnist }
        model: { hidden: [256, 128], activation: relu }
        optimizer: { lr: 0.05, momentum: 0.9 }
        sweep: { weight_decay: [5e-2, 5e-4, 5e-6] }
        epochs: 3
        """;

    [Theory]
    [InlineData("examples/fashion-weight-decay.yaml")]
    [InlineData("examples/mnist-quick.yaml")]
    public void The_shipped_examples_are_valid(string path)
    {
        var spec = SpecParser.ParseFile(Path.Combine(RepoRoot(), path));
        Assert.Equal([5e-2, 5e-4, 5e-6], spec.Sweep.WeightDecay.ToArray());
    }

    [Fact]
    public void The_shipped_search_example_is_a_tpe_search_over_decay_and_lr_with_asha()
    {
        var spec = SpecParser.ParseFile(Path.Combine(RepoRoot(), "examples/fashion-search.yaml"));
        Assert.Equal((SearchAlgorithm.Tpe, StoppingAlgorithm.Asha), (spec.Search.Algorithm, spec.EarlyStopping.Algorithm));
        Assert.Equal(["weight_decay", "lr"], spec.Sweep.Ranges.Select(r => r.Axis));
    }

    [Fact]
    public void The_name_is_read_from_the_top_level_mapping_wherever_it_stands()
    {
        // submit keys the sweep grain by this name: a nested mapping before it (block-style loss) must not be mistaken for it.
        var spec = SpecParser.Parse("""
            loss:
              name: huber
              delta: 0.5
            data: { dataset: synthetic }
            model: { hidden: [4] }
            optimizer: { lr: 0.1 }
            sweep: { weight_decay: [0] }
            epochs: 1
            name: after-loss
            """);

        Assert.Equal("after-loss", spec.Name);
        Assert.Equal((LossFunction.Huber, 0.5), (spec.Loss.Name, spec.Loss.Delta));
    }

    [Fact]
    public void Defaults_fill_what_a_minimal_spec_leaves_out()
    {
        var spec = SpecParser.Parse(Valid);
        Assert.Equal(LossFunction.CrossEntropy, spec.Loss.Name);
        Assert.Equal([1L], spec.Sweep.Seeds.ToArray());
        Assert.Equal(64, spec.BatchSize);
        Assert.Equal((Metric.TestLoss, SelectionGoal.Min, SelectionScope.Last), (spec.Selection.Metric, spec.Selection.Mode, spec.Selection.Scope));
        Assert.Equal((DevicePreference.Auto, FusePolicy.Auto, 2), (spec.Resources.Device, spec.Resources.Fuse, spec.Resources.MaxFailures));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_path()
    {
        var yaml = """
            name: "bad name!"
            data: { dataset: cifar }
            model: { hidden: [256, 0], activation: gelu }
            optimizer: { lr: -1, momentum: 1.5, learning_rate: 3 }
            sweep: { weight_decay: [5e-4, -1, 5e-4] }
            epochs: 0
            selection: { metric: f1 }
            resources: { device: tpu, fuse: many }
            """;
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(yaml, "bad.yaml"));
        Assert.Equal(
        [
            "name: must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit, got 'bad name!'",
            "data.dataset: must be one of mnist, fashion-mnist, synthetic, got 'cifar'",
            "model.hidden[1]: must be between 1 and 65536, got 0",
            "model.activation: must be one of relu, tanh, sigmoid, got 'gelu'",
            "optimizer.learning_rate: unknown key (expected one of: lr, momentum, nesterov)",
            "optimizer.lr: must be > 0, got -1",
            "optimizer.momentum: must be in [0, 1), got 1.5",
            "sweep.weight_decay[1]: must be >= 0, got -1",
            "sweep.weight_decay: lists 0.0005 more than once",
            "epochs: must be between 1 and 100000, got 0",
            "selection.metric: must be one of test_accuracy, test_loss, train_accuracy, train_loss, got 'f1'",
            "resources.device: must be one of auto, cpu, cuda, got 'tpu'",
            "resources.fuse: must be auto, off or a group size >= 1, got 'many'",
        ], e.Problems.Select(p => p.ToString()));
        Assert.StartsWith("bad.yaml: invalid spec (13 problems)", e.Message);
    }

    [Fact]
    public void Unknown_top_level_keys_and_missing_required_ones_are_errors()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse("name: x\nepoch: 3\n"));
        Assert.Contains(e.Problems, p => p.ToString() == "epoch: unknown key (expected one of: name, data, model, loss, optimizer, sweep, epochs, batch_size, selection, resources, search, early_stopping)");
        Assert.Contains(e.Problems, p => p.ToString().StartsWith("data: is required", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.ToString() == "epochs: is required");
    }

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse("name: [unclosed\n", "s.yaml"));
        Assert.StartsWith("(line ", e.Problems[0].Path);
        Assert.Contains("not valid YAML", e.Problems[0].Message);
    }

    [Fact]
    public void A_log_range_expands_to_evenly_spaced_decays()
    {
        var spec = SpecParser.Parse(Valid.Replace("weight_decay: [5e-2, 5e-4, 5e-6]", "weight_decay: { log_range: { min: 1e-6, max: 1e-1, count: 6 } }"));
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], spec.Sweep.WeightDecay.ToArray());
    }

    [Fact]
    public void Huber_takes_a_delta_and_other_losses_refuse_one()
    {
        Assert.Equal(0.5, SpecParser.Parse(Valid + "\nloss: { name: huber, delta: 0.5 }").Loss.Delta);
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(Valid + "\nloss: { name: l2, delta: 0.5 }"));
        Assert.Equal("loss.delta: only applies to huber, not l2", e.Problems.Single().ToString());
    }

    [Theory]
    [InlineData(5e-4, "5e-4")]
    [InlineData(5e-2, "5e-2")]
    [InlineData(1.5e-3, "1.5e-3")]
    [InlineData(0.0, "0")]
    [InlineData(1.231e-4, "1.231e-4")]
    [InlineData(0.1, "1e-1")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e-300, "1e-300")]
    public void Decay_labels_read_as_people_write_them(double value, string label) => Assert.Equal(label, DecayLabel.Format(value));

    [Fact]
    public void Distinct_values_never_share_a_label_because_every_label_parses_back_to_its_value()
    {
        // "0.##e+0" labelled 1.231e-4 and 1.234e-4 both "1.23e-4": one legend entry and one metric series for two trials.
        Assert.NotEqual(DecayLabel.Format(1.231e-4), DecayLabel.Format(1.234e-4));
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x7FEF_FFFF_FFFF_FFFF));
            var label = DecayLabel.Format(value);
            Assert.True(double.Parse(label, System.Globalization.CultureInfo.InvariantCulture) == value, $"{label} does not parse back to {value:R}");
        }
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("SweepGrid.sln not found above " + AppContext.BaseDirectory);
    }
}
