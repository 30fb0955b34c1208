namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// The database is not ready for a silo that only verifies the schema: the schema is missing, from another release,
/// or the silo's role lacks a right it needs. The message says which, and to run <c>SweepGrid.SiloHost migrate</c>.
/// </summary>
public sealed class SchemaNotReadyException : Exception
{
    public SchemaNotReadyException()
    {
    }

    public SchemaNotReadyException(string message)
        : base(message)
    {
    }

    public SchemaNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
