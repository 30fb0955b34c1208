using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>
/// Outgoing calls of a slot: just before it reports the chosen epoch, the trial's live lease is requeued (as the
/// watchdog or the lease timeout would do to a slot it wrongly believes lost), so the report arrives stale.
/// </summary>
internal sealed class RequeueBeforeReportFilter(FaultPlan plan, IGrainFactory grains) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod.Name == nameof(ITrialGrain.ReportEpochAsync) && context.Request.GetArgument(0) is Guid lease
            && context.Request.GetArgument(1) is EpochRecord epoch)
        {
            var key = context.TargetId.Key.ToString()!;
            if (plan.TakeRequeue(key, epoch.Epoch))
            {
                await grains.GetGrain<ITrialGrain>(key).RequeueAsync(lease, RequeueCause.SiloLost, "injected: presumed lost");
                plan.Count("requeue");
            }
        }
        await context.Invoke();
    }
}
