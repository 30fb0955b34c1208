using Npgsql;

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

        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await PostgresSchema.ApplyAsync(connection, transaction, ct);

        string owner, database, schema;
        await using (var where = new NpgsqlCommand("SELECT current_user, current_database(), current_schema()", connection, transaction))
        await using (var reader = await where.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (owner, database, schema) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
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
