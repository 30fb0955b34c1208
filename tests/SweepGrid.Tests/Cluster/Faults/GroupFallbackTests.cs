using System.Collections.Concurrent;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using Xunit;

namespace SweepGrid.Tests.Cluster.Faults;

[Trait("Category", "Integration")]
public sealed class GroupFallbackTests
{
    [Fact]
    public void A_group_whose_members_resume_from_different_epochs_trains_them_one_after_another_to_the_end()
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-group-").FullName;
        try
        {
            var spec = SpecParser.Parse(ClusterHarness.Spec("fallback", "5e-2, 5e-4", epochs: 3).Replace("fuse: off", "fuse: auto"));
            var points = TrialIds.Expand(spec);
            using var data = new DataCache();
            var executor = new TorchTrialExecutor(data, new FileCheckpointStore(dir));
            TrialJob Job(int k, int recorded) => new("fallback", points[k].TrialId, spec, points[k].Point, recorded);

            // Member 0 gets one epoch ahead of member 1 (as after a kill that hit them at different epochs).
            Assert.Equal(AttemptEnd.Cancelled, executor.Run(Job(0, 0), _ => LeaseVerdict.Stop, CancellationToken.None).End);
            var reported = new ConcurrentQueue<(int Member, int Epoch)>();
            var ended = new ConcurrentQueue<(int Member, AttemptEnd End)>();
            executor.RunGroup([Job(0, 1), Job(1, 0)], (k, e) =>
            {
                reported.Enqueue((k, e.Epoch));
                return LeaseVerdict.Continue;
            }, (k, r) => ended.Enqueue((k, r.End)), CancellationToken.None);

            Assert.Equal([(0, 2), (0, 3), (1, 1), (1, 2), (1, 3)], reported);
            Assert.Equal([(0, AttemptEnd.Completed), (1, AttemptEnd.Completed)], ended);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
