using SweepGrid.Tests.Cluster;
using SweepGrid.Testing;
using Xunit;
using Xunit.Abstractions;

namespace SweepGrid.Tests.EndToEnd;

/// <summary>The short chaos soak (scripts/chaos.sh --short) as a test: one fault of each kind in one sweep.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(ClusterCollection))]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_through_a_kill_a_postgres_restart_and_a_whole_cluster_kill_loses_nothing_and_matches_an_uninterrupted_run_bit_for_bit()
    {
        var work = Directory.CreateTempSubdirectory("sweepgrid-chaos-short-").FullName;
        var report = await ChaosSoak.RunAsync(ChaosSoakSettings.Short(work), new TestOutputWriter(output));
        var m = report.Modes["fuse_off"];
        var why = string.Join("\n", m.Problems.Concat(m.BitDifferences).Concat(m.Faults.Select(f => f.ToString())).Append($"logs: {work}"));

        Assert.True((m.Kills, m.PostgresRestarts, m.WholeClusterKills) == (1, 1, 1), $"faults injected: {m.Kills} kills, {m.PostgresRestarts} restarts, {m.WholeClusterKills} whole\n{why}");
        Assert.True((m.EpochsLost, m.EpochsDuplicated, m.TrialsOrphaned, m.AttemptsFailed, m.TrialsNotCompleted, m.FaultsNotRecovered) == (0, 0, 0, 0, 0, 0),
            $"lost {m.EpochsLost}, duplicated {m.EpochsDuplicated}, orphaned {m.TrialsOrphaned}, failed attempts {m.AttemptsFailed}, " +
            $"not completed {m.TrialsNotCompleted}, faults not recovered {m.FaultsNotRecovered}\n{why}");
        Assert.True(m.BitIdentical, $"metrics differ from an uninterrupted sweepgrid run:\n{why}");
        Directory.Delete(work, recursive: true);
    }
}
