using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>
/// A silo process with SweepGrid:Schema=verify on a database that migrate never ran on exits 1 with the reason and the
/// fix, as Kubernetes shows it in the pod's log; the check runs as the silo starts, not while it is composed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloSchemaExitTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silo_in_verify_mode_on_an_unmigrated_database_exits_1_with_the_migrate_hint()
    {
        var database = await PostgresServer.CreateDatabaseAsync("noschema");
        try
        {
            var env = new Dictionary<string, string>
            {
                ["SweepGrid__Mode"] = "cluster",
                ["SweepGrid__Transport"] = "plaintext",
                ["SweepGrid__Schema"] = "verify",
                ["SweepGrid__PostgresConnectionString"] = database,
                ["SweepGrid__Slots"] = "0",
                ["SweepGrid__AdvertisedIp"] = "127.0.0.1",
                ["SweepGrid__SiloPort"] = $"{FreePorts.Next()}",
                ["SweepGrid__GatewayPort"] = $"{FreePorts.Next()}",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            };

            await using var silo = SiloProcess.StartExact(env);

            Assert.True(await silo.WaitForExitAsync(ExitTimeout), $"the silo did not exit within {ExitTimeout.TotalSeconds:F0}s:\n{silo.Log}");
            Assert.True(silo.ExitCode == 1, $"the silo exited with {silo.ExitCode}, expected 1:\n{silo.Log}");
            Assert.Contains("The SweepGrid schema is missing from database", silo.Log);
            Assert.Contains("Run `SweepGrid.SiloHost migrate`", silo.Log);
            Assert.DoesNotContain("Unhandled exception", silo.Log);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
