namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// What <c>SweepGrid.SiloHost migrate</c> does: as the schema owner, apply the schema and give the silo role exactly the
/// rights the Orleans providers and the checkpoint store need. One transaction under the schema lock: concurrent
/// migrations run one after another, and a failed one leaves the database as it was.
/// </summary>
public static class PostgresMigration
{
    /// <param name="ownerConnectionString">The schema owner's connection string (passed to Npgsql as given, SSL Mode included).</param>
    /// <param name="siloRole">The silo role to grant to, or null to apply the schema only.</param>
    /// <param name="siloPassword">The silo role's password: creates the role when missing, sets it otherwise. Null: the role must exist.</param>
    /// <exception cref="MigrationConfigurationException">The silo role is the owner, privileged, or missing without a password.</exception>
    public static async Task<MigrationReport> MigrateAsync(string ownerConnectionString, string? siloRole, string? siloPassword, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerConnectionString);
        if (siloPassword is not null && siloRole is null)
        {
            throw new MigrationConfigurationException("a silo password needs the silo role it belongs to");
        }

        await using var connection = await PostgresCommands.OpenAsync(ownerConnectionString, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PostgresSchema.ApplyAsync(connection, transaction, ct);

        var (owner, database, schema) = await connection.WhereAsync(transaction, ct);
        if (schema.Length == 0)
        {
            throw new MigrationConfigurationException($"the owner role '{owner}' has no schema on its search_path in database '{database}': the schema scripts need one");
        }

        var report = new MigrationReport(database, schema, owner, PostgresSchema.Version, null, null, [], []);
        if (siloRole is not null)
        {
            var target = new SiloRoleGrants(connection, transaction, siloRole, owner, database, schema);
            var action = await target.EnsureRoleAsync(siloPassword, ct);
            var grants = await target.GrantAsync(ct);
            var warnings = await target.WarningsAsync(ct);
            report = report with { SiloRole = siloRole, RoleAction = action, Grants = grants, Warnings = warnings };
        }

        await transaction.CommitAsync(ct);
        return report;
    }
}
