using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Security;
using SweepGrid.Tests.Cluster;
using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>
/// A secured cluster of real silo processes: TLS between silos and to the gateways (mutual, with one cluster CA),
/// a client token, and a client that connects through the gateways alone, with no database password.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class SecureClusterTests(ITestOutputHelper output)
{
    private const string Token = "tls-test-token-7f3a";
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_sweep_runs_over_mutual_TLS_and_clients_without_the_cluster_credentials_are_refused()
    {
        var certs = Directory.CreateTempSubdirectory("sweepgrid-tls-");
        var rogue = Directory.CreateTempSubdirectory("sweepgrid-rogue-");
        ClusterCertificates.Create(certs.FullName, ["localhost"], TimeSpan.FromDays(1));
        ClusterCertificates.Create(rogue.FullName, ["localhost"], TimeSpan.FromDays(1));
        string In(DirectoryInfo d, string name) => Path.Combine(d.FullName, name);
        var secured = new Dictionary<string, string>
        {
            ["SweepGrid__Transport"] = "tls",
            ["SweepGrid__Tls__Certificate"] = In(certs, ClusterCertificates.SiloCertificate),
            ["SweepGrid__Tls__Key"] = In(certs, ClusterCertificates.SiloKey),
            ["SweepGrid__Tls__Ca"] = In(certs, ClusterCertificates.CaCertificate),
            ["SweepGrid__Tls__RequireClientCertificate"] = "true",
            ["SweepGrid__ClientToken"] = Token,
        };
        var db = await PostgresServer.CreateDatabaseAsync("tls");
        var clusterId = $"tls-{Guid.NewGuid():N}"[..16];
        var silos = Enumerable.Range(0, 2).Select(_ => SiloProcess.Start(db, clusterId, slots: 1, secured)).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromMinutes(2))));
            var gateways = string.Join(',', silos.Select(s => $"127.0.0.1:{s.GatewayPort}"));
            var good = ClientTls.Resolve(In(certs, ClusterCertificates.CaCertificate), In(certs, ClusterCertificates.ClientCertificate), In(certs, ClusterCertificates.ClientKey))!;

            await using (var client = await ClusterConnection.ConnectAsync(gateways, clusterId, clusterId, TimeSpan.FromSeconds(30), CancellationToken.None, Token, good))
            {
                var sweep = client.Grains.GetGrain<ISweepGrain>("secure");
                var submitted = await sweep.SubmitAsync(ClusterHarness.Spec("secure", "5e-2, 5e-4, 5e-6", epochs: 3, hidden: 32), "secure.yaml");
                Assert.True(submitted.Accepted, string.Join("; ", submitted.Problems));
                var done = await client.Grains.WaitForSweepAsync("secure", s => s.State == SweepState.Completed, "the sweep to complete over TLS", TimeSpan.FromMinutes(4));
                Assert.All(done.Trials, t => Assert.Equal([1, 2, 3], t.Epochs.Select(e => e.Epoch)));
                // Both silos are still members (they probe each other over silo-to-silo TLS) and no handshake failed.
                var hosts = await client.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                Assert.Equal(2, hosts.Count);
                Assert.All(silos, s => Assert.DoesNotContain("Authentication failed", s.Log));

                var inside = await Assert.ThrowsAsync<ClientCallRefusedException>(() => client.Grains.GetGrain<ISchedulerGrain>(0).LeaseAsync("thief", 16));
                Assert.Contains("internal to the cluster", inside.Message);
            }

            // No client certificate, one from another CA, trusting another CA, plain TCP: refused at the handshake.
            var refusals = new (string What, ClientTls? Tls)[]
            {
                ("no client certificate", ClientTls.Resolve(In(certs, ClusterCertificates.CaCertificate), null, null)),
                ("a client certificate from another CA", ClientTls.Resolve(In(certs, ClusterCertificates.CaCertificate), In(rogue, ClusterCertificates.ClientCertificate), In(rogue, ClusterCertificates.ClientKey))),
                ("a client that trusts another CA", ClientTls.Resolve(In(rogue, ClusterCertificates.CaCertificate), In(rogue, ClusterCertificates.ClientCertificate), In(rogue, ClusterCertificates.ClientKey))),
                ("plain TCP", null),
            };
            foreach (var (what, tls) in refusals)
            {
                var refused = await Assert.ThrowsAsync<ClusterUnreachableException>(async () =>
                {
                    await using var c = await ClusterConnection.ConnectAsync(gateways, clusterId, clusterId, Refusal, CancellationToken.None, Token, tls);
                    await c.Grains.GetGrain<ISweepRegistryGrain>(0).ListAsync();
                });
                output.WriteLine($"{what}: {refused.Message}");
            }

            // The right certificate without the token connects, and is refused at the first call.
            await using (var untokened = await ClusterConnection.ConnectAsync(gateways, clusterId, clusterId, TimeSpan.FromSeconds(30), CancellationToken.None, "", good))
            {
                var missing = await Assert.ThrowsAsync<ClientCallRefusedException>(() => untokened.Grains.GetGrain<ISweepRegistryGrain>(0).ListAsync());
                Assert.Contains("requires a client token", missing.Message);
            }
            Assert.All(silos, s => Assert.False(s.HasExited, $"silo :{s.SiloPort} exited:\n{s.Log}"));
        }
        finally
        {
            foreach (var s in silos)
            {
                output.WriteLine($"--- silo :{s.SiloPort}\n{s.Log}");
                s.Dispose();
            }
            await PostgresServer.DropDatabaseAsync(db);
            certs.Delete(recursive: true);
            rogue.Delete(recursive: true);
        }
    }
}
