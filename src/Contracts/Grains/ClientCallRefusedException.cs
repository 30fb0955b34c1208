namespace SweepGrid.Contracts.Grains;

/// <summary>
/// A cluster client called something it may not: an internal grain method (leases, epoch reports, the scheduler's
/// queue), or any method without the cluster's client token when one is configured.
/// </summary>
[GenerateSerializer]
public sealed class ClientCallRefusedException : Exception
{
    public ClientCallRefusedException()
    {
    }

    public ClientCallRefusedException(string message)
        : base(message)
    {
    }

    public ClientCallRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
