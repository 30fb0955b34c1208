using System.Text.Json;
using SweepGrid.Client;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Trainer.Data;
using SweepGrid.Trainer.Model;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>One keyword table per field: every value has a keyword, the trainer has every value, JSON reads as the spec.</summary>
public sealed class SpecKeywordsTests
{
    [Fact]
    public void Every_spec_activation_loss_device_and_dataset_maps_to_the_trainer_under_its_own_name()
    {
        foreach (var a in Enum.GetValues<HiddenActivation>())
        {
            Assert.Equal(a.Keyword(), Activations.Name(TrialConfigs.Trainer(a)));
        }
        foreach (var l in Enum.GetValues<LossFunction>())
        {
            Assert.Equal(l.Keyword(), Losses.Name(TrialConfigs.Trainer(l)));
        }
        foreach (var d in Enum.GetValues<DevicePreference>())
        {
            Assert.Equal(d.Keyword(), TrialConfigs.Trainer(d).ToString().ToLowerInvariant());
        }
        Assert.Equal(SpecKeywords.Datasets.Keywords, SpecKeywords.Datasets.Values.Select(TrialConfigs.Trainer));
        Assert.Equal(DatasetNames.All.Order(), SpecKeywords.Datasets.Keywords.Order());
    }

    [Fact]
    public void Keywords_read_back_as_the_values_they_print()
    {
        static void RoundTrips<T>(KeywordTable<T> table) where T : struct, Enum
        {
            Assert.Equal(Enum.GetValues<T>().Order(), table.Values.Order());
            Assert.All(table.Values, v => Assert.Equal(v, table.Parse(table.Keyword(v))));
        }
        RoundTrips(SpecKeywords.Datasets);
        RoundTrips(SpecKeywords.Activations);
        RoundTrips(SpecKeywords.Losses);
        RoundTrips(SpecKeywords.Metrics);
        RoundTrips(SpecKeywords.Goals);
        RoundTrips(SpecKeywords.Scopes);
        RoundTrips(SpecKeywords.Devices);
        Assert.All(new[] { FusePolicy.Auto, FusePolicy.Off, FusePolicy.AtMost(1), FusePolicy.AtMost(12) },
            f => Assert.Equal(f, FusePolicy.Parse(f.Keyword)));
        Assert.Equal(["auto", "off", "1", "12"], new[] { FusePolicy.Auto, FusePolicy.Off, FusePolicy.AtMost(1), FusePolicy.AtMost(12) }.Select(f => f.Keyword));
        Assert.Equal([16, 1, 1, 12], new[] { FusePolicy.Auto, FusePolicy.Off, FusePolicy.AtMost(1), FusePolicy.AtMost(12) }.Select(f => f.MaxGroup(16)));
    }

    [Fact]
    public void Results_json_writes_and_reads_every_keyword_as_the_spec_writes_it()
    {
        var spec = SpecParser.Parse("""
            name: json
            data: { dataset: fashion-mnist }
            model: { hidden: [8], activation: tanh }
            loss: { name: huber, delta: 2 }
            optimizer: { lr: 0.1 }
            sweep: { weight_decay: [0], activation: [sigmoid], loss: [cross_entropy] }
            epochs: 4
            selection: { metric: train_accuracy, mode: min, scope: mean_last_k, k: 2 }
            resources: { device: cuda, fuse: 4 }
            """);
        var json = JsonSerializer.Serialize(spec, TrainReport.Json);
        var point = JsonSerializer.Serialize(new TrialPoint(0, 1, HiddenActivation.Relu, LossFunction.L2), TrainReport.Json);

        foreach (var expected in new[]
        {
            "\"dataset\": \"fashion-mnist\"", "\"activation\": \"tanh\"", "\"name\": \"huber\"", "\"activation\": [\n      \"sigmoid\"",
            "\"loss\": [\n      \"cross_entropy\"", "\"metric\": \"train_accuracy\"", "\"mode\": \"min\"", "\"scope\": \"mean_last_k\"",
            "\"device\": \"cuda\"", "\"fuse\": \"4\"",
        })
        {
            Assert.Contains(expected, json);
        }
        Assert.Contains("\"activation\": \"relu\"", point);
        Assert.Contains("\"loss\": \"l2\"", point);
        var again = JsonSerializer.Deserialize<SweepSpec>(json, TrainReport.Json)!;
        Assert.Equal(TrialIds.Expand(spec), TrialIds.Expand(again));
        Assert.Equal((spec.Selection, spec.Resources, spec.Data), (again.Selection, again.Resources, again.Data));
    }
}
