using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>Watchers receive a sweep's changes as a stream: everything once, then only what changed.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class SweepWatchTests
{
    [Fact]
    public async Task A_watcher_gets_every_trial_then_only_changed_ones_and_the_stream_ends_when_the_sweep_completes()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1);
        await h.Sweep("watched").SubmitAsync(ClusterHarness.Spec("watched", "5e-2, 5e-4, 5e-6", epochs: 3, hidden: 8), "test");

        var updates = new List<SweepUpdate>();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var update in h.Sweep("watched").WatchAsync(SweepVersion.None).WithCancellation(limit.Token))
        {
            updates.Add(update);
        }

        Assert.False(limit.IsCancellationRequested, "the stream should end by itself when the sweep completes");
        var first = updates[0];
        Assert.True(first.Reset);
        Assert.NotNull(first.Spec);
        Assert.Equal(3, first.Changed.Length);
        Assert.Equal(SweepState.Completed, updates[^1].State);
        // After the first message, a trial is sent only when it changed since it was last sent.
        var held = first.Changed.ToDictionary(t => t.TrialId);
        foreach (var update in updates.Skip(1))
        {
            Assert.False(update.Reset);
            Assert.NotEmpty(update.Changed);
            foreach (var t in update.Changed)
            {
                Assert.NotEqual(Progress(held[t.TrialId]), Progress(t));
                held[t.TrialId] = t;
            }
        }
        Assert.All(held.Values, t => Assert.Equal((TrialState.Completed, 3), (t.State, t.Epochs)));
        // Versions only move forward within one activation.
        Assert.All(updates, u => Assert.Equal(first.Version.Activation, u.Version.Activation));
        Assert.Equal(updates.Select(u => u.Version.Change).Order(), updates.Select(u => u.Version.Change));
    }

    [Fact]
    public async Task A_watcher_that_comes_back_with_its_version_is_sent_nothing_it_has_and_a_stranger_is_sent_everything()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1);
        await h.Sweep("rewatched").SubmitAsync(ClusterHarness.Spec("rewatched", "5e-2, 5e-4", epochs: 2, hidden: 8), "test");
        await h.Client.WaitForSweepAsync("rewatched", s => s.State == SweepState.Completed, "the sweep to complete", TimeSpan.FromMinutes(2));

        var all = await ToListAsync(h.Sweep("rewatched").WatchAsync(SweepVersion.None));
        var again = await ToListAsync(h.Sweep("rewatched").WatchAsync(all[^1].Version));
        var stranger = await ToListAsync(h.Sweep("rewatched").WatchAsync(new SweepVersion(Guid.NewGuid(), all[^1].Version.Change)));

        Assert.Equal(2, Assert.Single(all).Changed.Length);
        Assert.Empty(again);
        Assert.True(Assert.Single(stranger).Reset);
        Assert.Empty(await ToListAsync(h.Sweep("no-such-sweep").WatchAsync(SweepVersion.None)));
    }

    [Fact]
    public async Task The_client_view_built_from_the_stream_matches_the_sweep_summary()
    {
        await using var h = await ClusterHarness.StartAsync(0, 2);
        await h.Sweep("viewed").SubmitAsync(ClusterHarness.Spec("viewed", "5e-2, 5e-3, 5e-4, 5e-5", epochs: 2, hidden: 8), "test");

        Client.Views.SweepView? last = null;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await foreach (var view in SweepStream.FollowAsync(h.Client, "viewed", limit.Token))
        {
            last = view;
        }

        var summary = (await h.Sweep("viewed").GetSummaryAsync())!;
        Assert.NotNull(last);
        Assert.Equal(SweepState.Completed, last.State);
        Assert.Equal(summary.Trials.Select(Progress), last.ToSummary().Trials.Select(Progress));
        Assert.Equal(4 * 2, last.EpochsDone);
        Assert.Equal(4, last.Count(TrialState.Completed));
    }

    // What a watcher shows of a trial (a summary's FusedWith array compares by reference).
    private static (string, TrialState, int, EpochRecord?, double?, string?, string?, int, int, string) Progress(TrialSummary t) =>
        (t.TrialId, t.State, t.Epochs, t.Latest, t.BestTestAccuracy, t.Message, t.Silo, t.Failures, t.Resumes, string.Join(",", t.FusedWith));

    private static async Task<List<SweepUpdate>> ToListAsync(IAsyncEnumerable<SweepUpdate> stream)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var list = new List<SweepUpdate>();
        await foreach (var u in stream.WithCancellation(limit.Token))
        {
            list.Add(u);
        }
        return list;
    }
}
