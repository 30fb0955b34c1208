namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// Migrate was pointed at something it must not change: a silo role that is the owner itself or a privileged role,
/// or a role that does not exist while no password was given to create it. A configuration error, not a fault.
/// </summary>
public sealed class MigrationConfigurationException : Exception
{
    public MigrationConfigurationException()
    {
    }

    public MigrationConfigurationException(string message)
        : base(message)
    {
    }

    public MigrationConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
