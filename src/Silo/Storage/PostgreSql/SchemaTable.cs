namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>A table of SweepGrid's schema and the rights a silo needs on it.</summary>
internal sealed record SchemaTable(string Name, params string[] SiloPrivileges);
