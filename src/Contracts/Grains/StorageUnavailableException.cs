namespace SweepGrid.Contracts.Grains;

/// <summary>
/// Durable storage could not be read or written (e.g. PostgreSQL is restarting). Transient: the caller retries, and
/// nothing that storage does not hold was kept. Exists because provider exceptions (Npgsql's) have no Orleans codec
/// and cannot cross grain boundaries.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
