using System.Diagnostics;
using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Tests.Cluster;
using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Spec;

/// <summary>
/// Inputs that used to abort the process (YamlDotNet recursing until the stack overflowed): refused with exit 2 by the
/// CLI and by a silo, which stays up. Both run in child processes, so a regression fails these tests instead of
/// taking the test host down.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class CrashInputTests
{
    public static TheoryData<string, string, string> Inputs => new()
    {
        { "brackets", "name: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "nested deeper than 32 levels" },
        { "mappings", string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000) + "\n", "nested deeper than 32 levels" },
        { "anchor-key", "? &a [*a]\n: 1\n", "a mapping or list as a key" },
        { "anchor-value", "name: x\nloop: &a [1, *a]\n", "refers to a node that contains it (recursive)" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task The_cli_refuses_an_input_that_used_to_crash_it_with_exit_2(string name, string yaml, string expected)
    {
        var dir = Directory.CreateTempSubdirectory($"sweepgrid-crash-{name}-").FullName;
        try
        {
            var spec = Path.Combine(dir, "spec.yaml");
            await File.WriteAllTextAsync(spec, yaml);
            var info = new ProcessStartInfo("dotnet", [RepositoryLayout.BuiltDll(Path.Combine("src", "Client"), "sweepgrid.dll"), "run", spec, "--run-dir", Path.Combine(dir, "run")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);

            Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}:\n{await output}\n{await errors}");
            Assert.Contains(expected, await output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_silo_refuses_every_input_that_used_to_crash_it_and_stays_up()
    {
        var db = await PostgresServer.CreateDatabaseAsync("crash");
        var clusterId = $"crash-{Guid.NewGuid():N}"[..16];
        using var silo = SiloProcess.Start(db, clusterId, slots: 0);
        try
        {
            await silo.WaitHealthyAsync(TimeSpan.FromMinutes(2));
            await using var client = await ClusterConnection.ConnectAsync(db, clusterId, clusterId, TimeSpan.FromSeconds(30), CancellationToken.None);
            foreach (var row in Inputs)
            {
                var (yaml, expected) = ((string)row[1], (string)row[2]);
                var result = await client.Grains.GetGrain<ISweepGrain>("crash").SubmitAsync(yaml, "crash.yaml");

                Assert.False(result.Accepted);
                Assert.Contains(expected, result.Problems.Single().Message);
            }
            Assert.False(silo.HasExited, $"the silo exited:\n{silo.Log}");
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(10));
            var valid = ClusterHarness.Spec("crash", "5e-4", epochs: 1);
            Assert.True((await client.Grains.GetGrain<ISweepGrain>("crash").SubmitAsync(valid, "crash.yaml")).Accepted);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(db);
        }
    }
}
