using Npgsql;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// The start-up check of a silo with SweepGrid:Schema=verify. Read-only, so it works under the silo role; every
/// problem found is reported at once, so one migrate run fixes them all.
/// </summary>
internal static class SchemaVerifier
{
    private static readonly string Hint =
        $"Run `SweepGrid.SiloHost migrate` with the schema owner's connection string ({MigrationOptions.Section}:ConnectionString) " +
        $"and {MigrationOptions.Section}:SiloRole set to this silo's role, then start the silo again.";

    // Unqualified names resolve through the role's search_path, as the providers' queries do.
    private const string TablesSql = """
        SELECT t.name, c.oid IS NOT NULL,
               ARRAY(SELECT p FROM unnest(string_to_array(t.privileges, ',')) AS p
                      WHERE c.oid IS NOT NULL AND NOT has_table_privilege(c.oid, p))
          FROM unnest(@names, @privileges) AS t(name, privileges)
          LEFT JOIN LATERAL (SELECT to_regclass(t.name)::oid AS oid) AS c ON true
        """;

    private const string FunctionsSql = """
        SELECT f.name, p.oid IS NOT NULL, p.oid IS NOT NULL AND has_function_privilege(p.oid, 'EXECUTE')
          FROM unnest(@names) AS f(name)
          LEFT JOIN LATERAL (SELECT to_regproc(f.name)::oid AS oid) AS p ON true
        """;

    public static async Task VerifyAsync(string connectionString, CancellationToken ct)
    {
        NpgsqlConnection opened;
        try
        {
            opened = await PostgresCommands.OpenAsync(connectionString, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // CONNECT on the database is one of the rights migrate grants.
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            throw new SchemaNotReadyException($"The role '{settings.Username}' may not connect to database '{settings.Database}': {e.MessageText}. {Hint}", e);
        }

        await using var connection = opened;
        var (role, database, _) = await connection.WhereAsync(null, ct);
        var where = $"database '{database}' (role '{role}')";

        if (await connection.ScalarAsync<bool>(null, $"SELECT to_regclass('{SchemaCatalog.VersionTable}') IS NULL", ct))
        {
            throw new SchemaNotReadyException(
                $"The SweepGrid schema is missing from {where}: no table {SchemaCatalog.VersionTable} is visible on the role's search_path, " +
                $"and SweepGrid:Schema={SweepGridSiloOptions.SchemaVerify} never creates one. {Hint}");
        }

        var problems = new List<string>();
        await foreach (var (table, present, missing) in ReadAsync(connection, TablesSql, ct,
            ("names", SchemaCatalog.Tables.Select(t => t.Name).ToArray()),
            ("privileges", SchemaCatalog.Tables.Select(t => string.Join(',', t.SiloPrivileges)).ToArray())))
        {
            if (!present)
            {
                problems.Add($"table {table} is missing");
            }
            else if (((string[])missing).Length > 0)
            {
                problems.Add($"the role lacks {string.Join(", ", (string[])missing)} on {table}");
            }
        }

        await foreach (var (function, present, executable) in ReadAsync(connection, FunctionsSql, ct, ("names", SchemaCatalog.Functions.ToArray())))
        {
            if (!present)
            {
                problems.Add($"function {function} is missing");
            }
            else if (!(bool)executable)
            {
                problems.Add($"the role lacks EXECUTE on {function}");
            }
        }

        // Without SELECT on these two there is nothing more to read; the problem is already listed.
        if (problems.Count == 0)
        {
            var stored = await connection.ScalarAsync<string?>(null, $"SELECT version FROM {SchemaCatalog.VersionTable}", ct);
            if (stored != PostgresSchema.Version)
            {
                problems.Add($"the schema is at version {Short(stored)}, this silo's release needs {Short(PostgresSchema.Version)}");
            }

            await foreach (var (key, _, _) in ReadAsync(connection,
                "SELECT k, true, true FROM unnest(@keys) AS k WHERE NOT EXISTS (SELECT 1 FROM orleansquery q WHERE q.querykey = k)", ct,
                ("keys", SchemaCatalog.QueryKeys.ToArray())))
            {
                problems.Add($"query {key} is missing from orleansquery");
            }
        }

        if (problems.Count > 0)
        {
            throw new SchemaNotReadyException($"The SweepGrid schema in {where} is not ready: {string.Join("; ", problems)}. {Hint}");
        }
    }

    private static string Short(string? version) => version is null ? "(none)" : version[..Math.Min(12, version.Length)];

    private static async IAsyncEnumerable<(string Name, bool Present, object Detail)> ReadAsync(
        NpgsqlConnection connection, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct,
        params (string Name, string[] Value)[] parameters)
    {
        await using var command = connection.Command(null, sql, [.. parameters.Select(p => (p.Name, (object)p.Value))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.GetString(0), reader.GetBoolean(1), reader.GetValue(2));
        }
    }
}
