using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using Orleans.Serialization;
using Orleans.Storage;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Grains;
using SweepGrid.Silo.Hosting;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>Epochs live in the epoch store, one entry each; trial states keep only their count.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class EpochStoreClusterTests
{
    [Fact]
    public async Task A_trial_records_each_epoch_as_one_entry_and_serves_them_in_pages()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1);
        var submitted = await h.Sweep("paged").SubmitAsync(ClusterHarness.Spec("paged", "5e-4", epochs: 5, hidden: 8), "test");
        var trialId = Assert.Single(submitted.NewTrials);
        await h.Client.WaitForSweepAsync("paged", s => s.State == SweepState.Completed, "the sweep to complete", TimeSpan.FromMinutes(2));

        var trial = h.Client.GetGrain<ITrialGrain>(TrialIds.GrainKey("paged", trialId));
        var lines = await File.ReadAllLinesAsync(Directory.GetFiles(Path.Combine(h.Directory, "epochs", "paged")).Single());
        Assert.Equal(5, lines.Length);
        Assert.Equal([1, 2], (await trial.GetEpochsAsync(1, 2)).Select(e => e.Epoch));
        Assert.Equal([4, 5], (await trial.GetEpochsAsync(4, 10)).Select(e => e.Epoch));
        Assert.Empty(await trial.GetEpochsAsync(6, 10));
        var summary = (await trial.GetAsync())!;
        Assert.Equal((5, 5), (summary.Epochs, summary.Latest!.Epoch));
        Assert.Equal((await trial.GetEpochsAsync(1, 5)).Max(e => e.TestAccuracy), summary.BestTestAccuracy);
    }

    [Fact]
    public async Task A_state_stored_with_its_epochs_inside_moves_them_to_the_store_on_activation()
    {
        await using var h = await ClusterHarness.StartAsync(0);
        var key = TrialIds.GrainKey("legacy", "0123456789abcdef");
        var grainId = h.Client.GetGrain<ITrialGrain>(key).GetGrainId();
        var legacy = Enumerable.Range(1, 3).Select(e => new EpochRecord(e, 1.0 / e, 0.5, 1.2 / e, 0.4 + (e / 10.0), 1.5, 1000)).ToList();
        var storage = h.Silo(0).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        await storage.WriteStateAsync("trial", grainId, new GrainState<TrialGrainState>(new TrialGrainState
        {
            Spec = Contracts.Spec.SpecParser.Parse(ClusterHarness.Spec("legacy", "5e-4", epochs: 3)),
            Point = new TrialPoint(5e-4, 1, Contracts.Spec.HiddenActivation.Relu, Contracts.Spec.LossFunction.CrossEntropy),
            State = TrialState.Completed,
            LegacyEpochs = legacy,
        }));

        var trial = h.Client.GetGrain<ITrialGrain>(key);
        var summary = (await trial.GetAsync())!;

        Assert.Equal((3, 3, legacy.Max(e => e.TestAccuracy)), (summary.Epochs, summary.Latest!.Epoch, summary.BestTestAccuracy!.Value));
        Assert.Equal<EpochRecord>(legacy, await trial.GetEpochsAsync(1, 10));
        var stored = new GrainState<TrialGrainState>();
        await storage.ReadStateAsync("trial", grainId, stored);
        Assert.Empty(stored.State!.LegacyEpochs);
        Assert.Equal(3, stored.State.EpochCount);
    }

    [Fact]
    public async Task A_state_the_previous_release_stored_as_JSON_with_its_epochs_inside_still_reads()
    {
        // The ADO.NET provider (PostgreSQL) stores grain state with Orleans' Newtonsoft.Json serializer, by property name.
        await using var h = await ClusterHarness.StartAsync(0);
        var json = h.Silo(0).ServiceProvider.GetRequiredService<OrleansJsonSerializer>();
        var legacy = Enumerable.Range(1, 2).Select(e => new EpochRecord(e, 1.0 / e, 0.5, 1.2 / e, 0.4, 1.5, 1000)).ToList();
        var written = JObject.Parse(json.Serialize(new TrialGrainState { State = TrialState.Completed, LegacyEpochs = legacy }, typeof(TrialGrainState)));
        // What the previous release wrote: the same, less the members it did not have.
        foreach (var added in new[] { nameof(TrialGrainState.EpochCount), nameof(TrialGrainState.Latest), nameof(TrialGrainState.BestTestAccuracy) })
        {
            written.Remove(added);
        }
        Assert.Equal(JTokenType.Object, written["Epochs"]!.Type);

        var read = (TrialGrainState)json.Deserialize(typeof(TrialGrainState), written.ToString())!;

        Assert.Equal<EpochRecord>(legacy, read.LegacyEpochs);
        Assert.Equal((TrialState.Completed, 0), (read.State, read.EpochCount));
    }
}
