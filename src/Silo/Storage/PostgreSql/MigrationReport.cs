namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>What a migration did, for the migrate command to print (never holds a password).</summary>
/// <param name="Database">The database migrated.</param>
/// <param name="Schema">The schema the objects live in (the owner's current schema).</param>
/// <param name="Owner">The role that applied the schema.</param>
/// <param name="Version">The schema version now stored (<see cref="PostgresSchema.Version"/>).</param>
/// <param name="SiloRole">The silo role, or null when none was configured.</param>
/// <param name="RoleAction">created, password set, or existing (left as it was); null without a silo role.</param>
/// <param name="Grants">Each right the silo role now holds on SweepGrid's objects, e.g. "SELECT on orleansquery".</param>
/// <param name="Warnings">Rights the silo role still has from elsewhere (PUBLIC, role memberships) that migrate cannot take away.</param>
public sealed record MigrationReport(
    string Database,
    string Schema,
    string Owner,
    string Version,
    string? SiloRole,
    string? RoleAction,
    IReadOnlyList<string> Grants,
    IReadOnlyList<string> Warnings);
