using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cluster;

/// <summary>Clients reach only the public API; with a client token configured, only clients that carry it.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class ClientCallFilterTests
{
    [Fact]
    public async Task A_client_cannot_lease_trials_report_epochs_submit_a_parsed_spec_or_drive_reconciliation_but_the_public_api_works()
    {
        await using var h = await ClusterHarness.StartAsync(0, 1);
        Assert.True((await h.Sweep("guarded").SubmitAsync(ClusterHarness.Spec("guarded", "5e-4", epochs: 2), "test")).Accepted);
        var trial = (await h.Sweep("guarded").GetSummaryAsync())!.Trials[0].TrialId;

        var lease = await Assert.ThrowsAsync<ClientCallRefusedException>(() => h.Client.GetGrain<ISchedulerGrain>(0).LeaseAsync("thief", 16));
        await Assert.ThrowsAsync<ClientCallRefusedException>(() =>
            h.Client.GetGrain<ITrialGrain>(TrialIds.GrainKey("guarded", trial)).ReportEpochAsync(Guid.NewGuid(), new EpochRecord(1, 0, 1, 0, 1, 1, 1)));
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => h.Sweep("guarded").ReconcileAsync());
        // A parsed spec skips the silo's parser and limits: only the embedded run, in the silo's process, may hand one over.
        await Assert.ThrowsAsync<ClientCallRefusedException>(() =>
            h.Sweep("guarded").SubmitParsedAsync(SpecParser.Parse(ClusterHarness.Spec("guarded", "5e-4", epochs: 2))));
        // Orleans' own management grain: membership may be read, nothing may be changed or forced from outside.
        var management = h.Client.GetGrain<IManagementGrain>(0);
        Assert.NotEmpty(await management.GetHosts(onlyActive: true));
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => management.ForceActivationCollection(TimeSpan.Zero));
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => management.ForceGarbageCollection([]));
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => management.GetSimpleGrainStatistics());

        Assert.Equal("ISchedulerGrain.LeaseAsync is internal to the cluster; clients may submit, get, watch, list, cancel and delete", lease.Message);
        var done = await h.Client.WaitForSweepAsync("guarded", s => s.State == SweepState.Completed, "the sweep to complete", TimeSpan.FromMinutes(2));
        Assert.Equal([1, 2], done.Trials[0].Epochs.Select(e => e.Epoch));
        Assert.NotNull(await h.Client.GetGrain<ITrialGrain>(TrialIds.GrainKey("guarded", trial)).GetAsync());
        Assert.Contains("guarded", await h.Client.GetGrain<ISweepRegistryGrain>(0).ListAsync());
    }

    [Fact]
    public async Task With_a_client_token_only_clients_that_carry_it_are_served()
    {
        await using var h = await ClusterHarness.StartAsync(null, o => o.ClientToken = "s3cret-token", 0, 1);

        RequestContext.Clear();
        var missing = await Assert.ThrowsAsync<ClientCallRefusedException>(() => h.Client.GetGrain<ISweepRegistryGrain>(0).ListAsync());
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => h.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        RequestContext.Set(ClientToken.RequestContextKey, "wrong");
        await Assert.ThrowsAsync<ClientCallRefusedException>(() => h.Client.GetGrain<ISweepRegistryGrain>(0).ListAsync());
        RequestContext.Set(ClientToken.RequestContextKey, "s3cret-token");
        Assert.True((await h.Sweep("tokened").SubmitAsync(ClusterHarness.Spec("tokened", "5e-4", epochs: 1), "test")).Accepted);
        var done = await h.Client.WaitForSweepAsync("tokened", s => s.State == SweepState.Completed, "the sweep to complete (slots need no token)", TimeSpan.FromMinutes(2));
        RequestContext.Clear();

        Assert.Equal("this cluster requires a client token (--token or $SWEEPGRID_TOKEN)", missing.Message);
        Assert.Single(done.Trials[0].Epochs);
    }
}
