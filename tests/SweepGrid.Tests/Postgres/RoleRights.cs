using Npgsql;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>What a role holds, read from the catalogs' ACLs as the superuser: exact, whoever granted it.</summary>
internal static class RoleRights
{
    /// <summary>The silo role holds exactly what the catalog lists, on the database, the schema, the tables and the functions.</summary>
    public static async Task AssertExactlyAsync(LeastPrivilegeDatabase database)
    {
        var expected = SchemaCatalog.Tables.SelectMany(t => t.SiloPrivileges.Select(p => $"{p} on {t.Name}"))
            .Concat(SchemaCatalog.Functions.Select(f => $"EXECUTE on {f}"))
            .Append("CONNECT on database")
            .Append("USAGE on schema public")
            .Order();

        Assert.Equal(expected, (await HeldAsync(database.AdminConnectionString, database.SiloRole)).Order());
        Assert.Equal((true, false), await LoginAndSuperuserAsync(database.AdminConnectionString, database.SiloRole));
    }

    /// <summary>Every right granted to <paramref name="role"/> itself (not through PUBLIC) in the database, as "PRIVILEGE on object".</summary>
    public static async Task<List<string>> HeldAsync(string adminConnectionString, string role)
    {
        const string Sql = """
            SELECT a.privilege_type || ' on ' || c.relname
              FROM pg_class c, aclexplode(c.relacl) a
             WHERE a.grantee = to_regrole(@role)
            UNION ALL
            SELECT a.privilege_type || ' on ' || p.proname
              FROM pg_proc p, aclexplode(p.proacl) a
             WHERE a.grantee = to_regrole(@role)
            UNION ALL
            SELECT a.privilege_type || ' on schema ' || n.nspname
              FROM pg_namespace n, aclexplode(n.nspacl) a
             WHERE a.grantee = to_regrole(@role)
            UNION ALL
            SELECT a.privilege_type || ' on database'
              FROM pg_database d, aclexplode(d.datacl) a
             WHERE d.datname = current_database() AND a.grantee = to_regrole(@role)
            """;
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync();
        var held = new List<string>();
        while (await reader.ReadAsync())
        {
            held.Add(reader.GetString(0));
        }

        return held;
    }

    private static async Task<(bool CanLogin, bool Superuser)> LoginAndSuperuserAsync(string adminConnectionString, string role)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT rolcanlogin, rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = @role", connection);
        command.Parameters.AddWithValue("role", role);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"role {role} exists");
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }
}
