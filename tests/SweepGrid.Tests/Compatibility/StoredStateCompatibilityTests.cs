using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Grains;
using Xunit;

namespace SweepGrid.Tests.Compatibility;

/// <summary>
/// Grain state stored before the spec's keywords had types (tests/data/stored-state) still loads, with the same
/// meaning, and state written now round-trips without the old string fields.
/// </summary>
public sealed class StoredStateCompatibilityTests
{
    // A client host's serializer, built and never started: the same codecs and deserialization hooks as every silo and
    // client (a bare AddSerializer container lacks the runtime's OnDeserializedCallbacks).
    private static readonly IHost Client = new HostBuilder().UseOrleansClient(c => c.UseLocalhostClustering()).Build();
    private static readonly Serializer Serializer = Client.Services.GetRequiredService<Serializer>();
    // What the ADO.NET grain storage (PostgreSQL) keeps grain state as.
    private static readonly OrleansJsonSerializer Json = Client.Services.GetRequiredService<OrleansJsonSerializer>();

    private static string StoredText(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "stored-state", file)).Trim();

    private static T Stored<T>(string file) => Serializer.Deserialize<T>(
        Convert.FromBase64String(StoredText(file)))
        ?? throw new InvalidDataException($"{file} holds no state");

    [Fact]
    public void A_sweep_stored_with_string_keywords_loads_every_field_with_its_meaning()
    {
        var state = Stored<SweepGrainState>("sweep-grain-state.b64");

        var spec = state.Spec!;
        Assert.Equal("legacy-sweep", spec.Name);
        Assert.Equal((DatasetName.FashionMnist, "/data/sweeps", (int?)1000, (int?)200), (spec.Data.Dataset, spec.Data.Dir, spec.Data.TrainLimit, spec.Data.TestLimit));
        Assert.Equal([64, 32], spec.Model.Hidden.ToArray());
        Assert.Equal(HiddenActivation.Tanh, spec.Model.Activation);
        Assert.Equal((LossFunction.Huber, 0.5), (spec.Loss.Name, spec.Loss.Delta));
        Assert.Equal((0.05, 0.9, true), (spec.Optimizer.Lr, spec.Optimizer.Momentum, spec.Optimizer.Nesterov));
        Assert.Equal([5e-2, 5e-4], spec.Sweep.WeightDecay.ToArray());
        Assert.Equal([1L, 2L], spec.Sweep.Seeds.ToArray());
        Assert.Equal([HiddenActivation.Tanh, HiddenActivation.Sigmoid], spec.Sweep.Activation.ToArray());
        Assert.Equal([LossFunction.Huber, LossFunction.L1], spec.Sweep.Loss.ToArray());
        Assert.Equal((7, 32), (spec.Epochs, spec.BatchSize));
        Assert.Equal((Metric.TestLoss, SelectionGoal.Min, SelectionScope.MeanLastK, 3), (spec.Selection.Metric, spec.Selection.Mode, spec.Selection.Scope, spec.Selection.LastK));
        Assert.Equal((DevicePreference.Cpu, FusePolicy.AtMost(4), 5, 4), (spec.Resources.Device, spec.Resources.Fuse, spec.Resources.MaxFailures, spec.Resources.MaxSiloDeaths));
        Assert.Equal(4, spec.Resources.Fuse.MaxGroup(16));

        Assert.Equal(SweepState.Completed, state.State);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), state.SubmittedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero), state.FinishedAt);
        Assert.Equal(["aaaaaaaaaaaa", "bbbbbbbbbbbb"], state.TrialIds);
        Assert.Equal(new TrialPoint(5e-2, 1, HiddenActivation.Tanh, LossFunction.Huber), state.Points["aaaaaaaaaaaa"]);
        Assert.Equal(new TrialPoint(5e-4, 2, HiddenActivation.Sigmoid, LossFunction.L1), state.Points["bbbbbbbbbbbb"]);
        Assert.False(state.Deleting);
    }

    [Fact]
    public void A_trial_stored_with_string_keywords_loads_every_field_with_its_meaning()
    {
        var state = Stored<TrialGrainState>("trial-grain-state.b64");

        var spec = state.Spec!;
        Assert.Equal((DatasetName.Synthetic, (string?)null, (int?)500, (int?)100), (spec.Data.Dataset, spec.Data.Dir, spec.Data.TrainLimit, spec.Data.TestLimit));
        Assert.Equal([16], spec.Model.Hidden.ToArray());
        Assert.Equal(HiddenActivation.Sigmoid, spec.Model.Activation);
        Assert.Equal((LossFunction.Cosine, 1.0), (spec.Loss.Name, spec.Loss.Delta));
        Assert.Equal([HiddenActivation.Sigmoid], spec.Sweep.Activation.ToArray());
        Assert.Equal([LossFunction.Cosine], spec.Sweep.Loss.ToArray());
        Assert.Equal((Metric.TrainAccuracy, SelectionGoal.Max, SelectionScope.Best, 5), (spec.Selection.Metric, spec.Selection.Mode, spec.Selection.Scope, spec.Selection.LastK));
        Assert.Equal((DevicePreference.Cuda, FusePolicy.Off, 2, 3), (spec.Resources.Device, spec.Resources.Fuse, spec.Resources.MaxFailures, spec.Resources.MaxSiloDeaths));
        Assert.Equal(1, spec.Resources.Fuse.MaxGroup(16));

        Assert.Equal(new TrialPoint(5e-4, 2, HiddenActivation.Sigmoid, LossFunction.Cosine), state.Point);
        Assert.Equal(TrialState.Completed, state.State);
        Assert.Equal([new EpochRecord(1, 0.5, 0.8, 0.6, 0.75, 1.5, 1000)], state.LegacyEpochs);
        Assert.Equal((1, "retried once", "silo-a", 1, 0, 1), (state.Failures, state.Message, state.Silo, state.Resumes, state.SiloDeaths, state.AttemptStartEpochs));
        Assert.Equal(["aaaaaaaaaaaa"], state.FusedWith);
    }

    [Fact]
    public void A_stored_sweep_keeps_its_trial_ids_and_fingerprint()
    {
        // Fingerprints print keywords: an id computed before the keywords had types must come out the same now.
        var spec = Stored<SweepGrainState>("sweep-grain-state.b64").Spec!;

        Assert.Equal("data=fashion-mnist:1000:200|hidden=64-32|delta=0.5|lr=0.05|momentum=0.9|nesterov=True|epochs=7|batch=32", TrialIds.BaseFingerprint(spec));
        Assert.Equal(TrialIds.Of(spec, new TrialPoint(5e-2, 1, HiddenActivation.Tanh, LossFunction.Huber)), TrialIds.Expand(spec)[0].TrialId);
    }

    [Fact]
    public void State_stored_now_round_trips_without_the_old_string_fields()
    {
        var old = Stored<SweepGrainState>("sweep-grain-state.b64");
        var again = Serializer.Deserialize<SweepGrainState>(Serializer.SerializeToArray(old))!;

        // Records compare every field, the legacy ones included: equal means nothing of the old form was kept or written.
        Assert.Equal(old.Spec!.Data, again.Spec!.Data);
        Assert.Equal(old.Spec.Model.Activation, again.Spec.Model.Activation);
        Assert.Equal(old.Spec.Loss, again.Spec.Loss);
        Assert.Equal(old.Spec.Selection, again.Spec.Selection);
        Assert.Equal(old.Spec.Resources, again.Spec.Resources);
        Assert.Equal(old.Spec.Sweep.Activation.ToArray(), again.Spec.Sweep.Activation.ToArray());
        Assert.Equal(old.Spec.Sweep.Loss.ToArray(), again.Spec.Sweep.Loss.ToArray());
        Assert.Equal(old.Points, again.Points);
        Assert.Equal(new TrialPoint(5e-2, 1, HiddenActivation.Tanh, LossFunction.Huber), again.Points["aaaaaaaaaaaa"]);
    }

    [Fact]
    public void A_parsed_spec_round_trips_through_the_serializer()
    {
        var spec = SpecParser.Parse("""
            name: typed
            data: { dataset: mnist, train_limit: 100 }
            model: { hidden: [8], activation: tanh }
            loss: { name: huber, delta: 2 }
            optimizer: { lr: 0.1 }
            sweep: { weight_decay: [0, 1e-4], seeds: [3], activation: [relu, sigmoid], loss: [huber, l2] }
            epochs: 4
            selection: { metric: train_loss, scope: mean_last_k, k: 2 }
            resources: { device: cpu, fuse: 8 }
            """);

        var again = Serializer.Deserialize<SweepSpec>(Serializer.SerializeToArray(spec))!;

        Assert.Equal(spec.Data, again.Data);
        Assert.Equal(spec.Model.Activation, again.Model.Activation);
        Assert.Equal(spec.Loss, again.Loss);
        Assert.Equal(spec.Selection, again.Selection);
        Assert.Equal(spec.Resources, again.Resources);
        Assert.Equal([HiddenActivation.Relu, HiddenActivation.Sigmoid], again.Sweep.Activation.ToArray());
        Assert.Equal([LossFunction.Huber, LossFunction.L2], again.Sweep.Loss.ToArray());
        Assert.Equal(TrialIds.Expand(spec), TrialIds.Expand(again));
        Assert.Equal(8, again.Resources.Fuse.MaxGroup(16));
    }

    [Fact]
    public void A_spec_stored_as_json_with_string_keywords_loads_with_its_meaning_and_is_written_back_byte_for_byte()
    {
        var text = StoredText("sweep-spec.json");
        var spec = (SweepSpec)Json.Deserialize(typeof(SweepSpec), text)!;

        Assert.Equal(DatasetName.FashionMnist, spec.Data.Dataset);
        Assert.Equal(HiddenActivation.Tanh, spec.Model.Activation);
        Assert.Equal((LossFunction.Huber, 0.5), (spec.Loss.Name, spec.Loss.Delta));
        Assert.Equal([HiddenActivation.Tanh, HiddenActivation.Sigmoid], spec.Sweep.Activation.ToArray());
        Assert.Equal([LossFunction.Huber, LossFunction.L1], spec.Sweep.Loss.ToArray());
        Assert.Equal((Metric.TestLoss, SelectionGoal.Min, SelectionScope.MeanLastK, 3), (spec.Selection.Metric, spec.Selection.Mode, spec.Selection.Scope, spec.Selection.LastK));
        Assert.Equal((DevicePreference.Cpu, FusePolicy.AtMost(4), 5, 4), (spec.Resources.Device, spec.Resources.Fuse, spec.Resources.MaxFailures, spec.Resources.MaxSiloDeaths));
        Assert.Equal(TrialIds.BaseFingerprint(Stored<SweepGrainState>("sweep-grain-state.b64").Spec!), TrialIds.BaseFingerprint(spec));

        // The keywords are written as the strings they were; only the axes lose their old $type wrapper (a plain list,
        // which the previous code reads as well).
        var expected = text
            .Replace("{\"$type\":\"System.Collections.Immutable.ImmutableArray`1[[System.String, System.Private.CoreLib]], System.Collections.Immutable\",\"$values\":", "")
            .Replace("\"]},\"Loss\":", "\"],\"Loss\":")
            .Replace("\"]}},\"Epochs\"", "\"]},\"Epochs\"");
        Assert.Equal(expected, Json.Serialize(spec, typeof(SweepSpec)));
    }

    [Fact]
    public void Trial_points_stored_as_json_with_string_keywords_load_and_are_written_back_byte_for_byte()
    {
        var text = StoredText("trial-points.json");
        var points = (Dictionary<string, TrialPoint>)Json.Deserialize(typeof(Dictionary<string, TrialPoint>), text)!;

        Assert.Equal(new TrialPoint(5e-2, 1, HiddenActivation.Tanh, LossFunction.Huber), points["aaaaaaaaaaaa"]);
        Assert.Equal(new TrialPoint(5e-4, 2, HiddenActivation.Sigmoid, LossFunction.L1), points["bbbbbbbbbbbb"]);
        Assert.Equal(text, Json.Serialize(points, typeof(Dictionary<string, TrialPoint>)));
    }
}
