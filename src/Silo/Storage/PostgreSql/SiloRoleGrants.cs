using Npgsql;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// The silo role's side of a migration, inside its transaction. Every statement is built by the server's format()
/// from the names (%I) and the password verifier (%L), so no identifier or literal is ever spliced in here.
/// </summary>
internal sealed class SiloRoleGrants(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, string owner, string database, string schema)
{
    private const string AttributesSql = """
        SELECT rolcanlogin,
               array_remove(ARRAY[CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
                                  CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolreplication THEN 'REPLICATION' END,
                                  CASE WHEN rolbypassrls THEN 'BYPASSRLS' END], NULL)
          FROM pg_roles WHERE rolname = @role
        """;

    // Sequences behind serial or identity columns of SweepGrid's tables (none today; a later script may add one).
    private const string SequencesSql = """
        SELECT s.oid::regclass::text
          FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
           AND s.relkind = 'S' AND d.deptype IN ('a', 'i')
           AND d.refobjid = ANY (ARRAY(SELECT to_regclass(format('%I.%I', @schema, t))::oid FROM unnest(@tables) AS t))
         ORDER BY 1
        """;

    // regprocedure prints the signature GRANT needs, quoted as required.
    private const string FunctionsSql = """
        SELECT p.oid::regprocedure::text FROM pg_proc p
         WHERE p.pronamespace = to_regnamespace(@schema) AND p.proname = ANY (@names)
         ORDER BY 1
        """;

    private const string LeftoversSql = """
        SELECT has_schema_privilege(@role, @schema, 'CREATE'), has_database_privilege(@role, @database, 'CREATE'),
               ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                      JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = @role ORDER BY 1)
        """;

    /// <summary>Creates the role or sets its password; "created", "password set" or "existing".</summary>
    public async Task<string> EnsureRoleAsync(string? password, CancellationToken ct)
    {
        if (role == owner)
        {
            throw new MigrationConfigurationException(
                $"{MigrationOptions.Section}:SiloRole is '{role}', the owner role migrate connects as: silos must log in as another role, with fewer rights");
        }

        bool? canLogin = null;
        var elevated = Array.Empty<string>();
        await using (var command = Command(AttributesSql, ("role", role)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                canLogin = reader.GetBoolean(0);
                elevated = reader.GetFieldValue<string[]>(1);
            }
        }

        if (elevated.Length > 0)
        {
            throw new MigrationConfigurationException(
                $"role '{role}' has {string.Join(", ", elevated)}: a silo role must have none of these; remove them or choose another {MigrationOptions.Section}:SiloRole");
        }

        try
        {
            switch (canLogin, password)
            {
                case (null, null):
                    throw new MigrationConfigurationException(
                        $"role '{role}' does not exist: give {MigrationOptions.Section}:SiloPassword to create it, or create it yourself");
                case (null, { } newPassword):
                    await ExecuteAsync(ct, "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L", role, ScramSecret.Create(newPassword));
                    return "created";
                case (_, { } newPassword):
                    await ExecuteAsync(ct, "ALTER ROLE %I WITH LOGIN PASSWORD %L", role, ScramSecret.Create(newPassword));
                    return "password set";
                case (false, null):
                    throw new MigrationConfigurationException(
                        $"role '{role}' may not log in: give {MigrationOptions.Section}:SiloPassword (migrate then makes it a LOGIN role) or ALTER ROLE it to LOGIN yourself");
                default:
                    return "existing";
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new MigrationConfigurationException(
                $"the owner role '{owner}' may not create or alter role '{role}' ({e.MessageText}): give it CREATEROLE, or create the role " +
                $"yourself and omit {MigrationOptions.Section}:SiloPassword", e);
        }
    }

    /// <summary>
    /// Revokes whatever the owner granted the role on the database, the schema and SweepGrid's objects, then grants
    /// exactly what the catalog lists: re-running migrate after a hand-made GRANT restores least privilege.
    /// </summary>
    public async Task<IReadOnlyList<string>> GrantAsync(CancellationToken ct)
    {
        var granted = new List<string>();
        await ExecuteAsync(ct, "REVOKE ALL ON DATABASE %I FROM %I", database, role);
        await ExecuteAsync(ct, "GRANT CONNECT ON DATABASE %I TO %I", database, role);
        granted.Add($"CONNECT on database {database}");
        await ExecuteAsync(ct, "REVOKE ALL ON SCHEMA %I FROM %I", schema, role);
        await ExecuteAsync(ct, "GRANT USAGE ON SCHEMA %I TO %I", schema, role);
        granted.Add($"USAGE on schema {schema}");

        foreach (var table in SchemaCatalog.Tables)
        {
            var privileges = string.Join(", ", table.SiloPrivileges);
            await ExecuteAsync(ct, "REVOKE ALL ON TABLE %I.%I FROM %I", schema, table.Name, role);
            await ExecuteAsync(ct, $"GRANT {privileges} ON TABLE %I.%I TO %I", schema, table.Name, role);
            granted.Add($"{privileges} on {table.Name}");
        }

        foreach (var sequence in await StringsAsync(SequencesSql, ct, ("schema", schema), ("tables", SchemaCatalog.Tables.Select(t => t.Name).ToArray())))
        {
            await ExecuteAsync(ct, "REVOKE ALL ON SEQUENCE %s FROM %I", sequence, role);
            await ExecuteAsync(ct, "GRANT USAGE, SELECT ON SEQUENCE %s TO %I", sequence, role);
            granted.Add($"USAGE, SELECT on sequence {sequence}");
        }

        var functions = await StringsAsync(FunctionsSql, ct, ("schema", schema), ("names", SchemaCatalog.Functions.ToArray()));
        if (functions.Count != SchemaCatalog.Functions.Count)
        {
            throw new InvalidOperationException($"expected the functions {string.Join(", ", SchemaCatalog.Functions)} in schema {schema}, found {string.Join(", ", functions)}");
        }

        foreach (var function in functions)
        {
            await ExecuteAsync(ct, "REVOKE ALL ON FUNCTION %s FROM %I", function, role);
            await ExecuteAsync(ct, "GRANT EXECUTE ON FUNCTION %s TO %I", function, role);
            granted.Add($"EXECUTE on {function}");
        }

        return granted;
    }

    /// <summary>Rights the role holds from elsewhere (PUBLIC, memberships), which revoking from the role cannot remove.</summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(CancellationToken ct)
    {
        await using var command = Command(LeftoversSql, ("role", role), ("schema", schema), ("database", database));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var warnings = new List<string>();
        if (reader.GetBoolean(0))
        {
            warnings.Add($"role '{role}' may still CREATE in schema {schema} (through PUBLIC or a membership); e.g. REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC");
        }

        if (reader.GetBoolean(1))
        {
            warnings.Add($"role '{role}' may still CREATE schemas in database {database} (through PUBLIC or a membership)");
        }

        if (reader.GetFieldValue<string[]>(2) is { Length: > 0 } memberOf)
        {
            warnings.Add($"role '{role}' is a member of {string.Join(", ", memberOf)} and may use their rights too");
        }

        return warnings;
    }

    private async Task ExecuteAsync(CancellationToken ct, string template, params string[] arguments)
    {
        var sql = await connection.ScalarAsync<string>(transaction, "SELECT format(@template, VARIADIC @arguments)", ct, ("template", template), ("arguments", arguments));
        await connection.ExecuteAsync(transaction, sql, ct);
    }

    private Task<List<string>> StringsAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        connection.StringsAsync(transaction, sql, ct, parameters);

    private NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters) => connection.Command(transaction, sql, parameters);
}
