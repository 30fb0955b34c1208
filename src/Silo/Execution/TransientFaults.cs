using System.Data.Common;
using System.Net.Sockets;
using Orleans.Storage;
using Polly.Timeout;
using SweepGrid.Contracts.Grains;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Faults of the infrastructure rather than of a trial's own code: a database restarting, a grain moving off a dead
/// silo, a lost message. They are retried and never counted against <c>resources.max_failures</c>.
/// </summary>
public static class TransientFaults
{
    public static bool Is(Exception e) => e switch
    {
        StorageUnavailableException or InconsistentStateException => true,
        DbException or SocketException or TimeoutException or TimeoutRejectedException => true,
        SiloUnavailableException or OrleansMessageRejectionException => true,
        // Remaining Orleans exceptions come from the messaging layer (connection lost, forwarding failed, activation
        // failed while storage was down): the call may succeed on a retry.
        OrleansException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(Is),
        _ => e.InnerException is { } inner && Is(inner),
    };

    /// <summary>Type and message, for logs and the trial's message; never a connection string.</summary>
    public static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";
}
