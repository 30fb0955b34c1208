using SweepGrid.Contracts.Grains;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>
/// Incoming calls: tells the faulty storage which trial-grain method is running, fails a start once, and loses the
/// scheduler's answer to a lease (the scheduler has handed the trials out; the slot never hears of them).
/// </summary>
internal sealed class TrialCallFilter(FaultPlan plan) : IIncomingGrainCallFilter
{
    public static readonly AsyncLocal<string?> CurrentMethod = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is ITrialGrain)
        {
            var method = context.InterfaceMethod.Name;
            if (method == nameof(ITrialGrain.BeginAsync) && plan.TakeBeginFailure(context.TargetId.Key.ToString()!.Split('/')[^1]))
            {
                throw new InvalidOperationException("injected: start failed");
            }
            CurrentMethod.Value = method;
            try
            {
                await context.Invoke();
            }
            finally
            {
                CurrentMethod.Value = null;
            }
            return;
        }
        await context.Invoke();
        if (context.Grain is ISchedulerGrain && context.InterfaceMethod.Name == nameof(ISchedulerGrain.LeaseAsync)
            && context.Result is System.Collections.Immutable.ImmutableArray<LeasedTrial> { IsDefaultOrEmpty: false } && plan.TakeLeaseAnswer())
        {
            plan.Count("lease-answer");
            throw new TimeoutException("injected: the lease answer was lost");
        }
    }
}
