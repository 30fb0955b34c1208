using Npgsql;
using SweepGrid.Silo.Storage.PostgreSql;
using Xunit;

namespace SweepGrid.Tests.Postgres;

[Trait("Category", "Integration")]
public sealed class PostgresSchemaTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    // Every query key the three Orleans ADO.NET providers load (CleanupDefunctSiloEntryKey and
    // DeleteStorageKey are optional for them, but we ship both).
    private static readonly string[] RequiredQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Applying_the_schema_twice_succeeds_and_leaves_every_provider_query_in_place()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await PostgresSchema.EnsureAsync(database.ConnectionString, cts.Token);
        await PostgresSchema.EnsureAsync(database.ConnectionString, cts.Token);

        var keys = await QueryKeysAsync(database.ConnectionString);
        Assert.Empty(RequiredQueryKeys.Except(keys));
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(RequiredQueryKeys.Order(), SchemaCatalog.QueryKeys.Order()); // what verifying silos check for
        Assert.Superset(
            new HashSet<string> { "orleansquery", "orleans_membership_version", "orleans_membership", "orleans_grain_state", "orleans_reminder", "sweepgrid_checkpoint", "sweepgrid_epoch" },
            (await TablesAsync(database.ConnectionString)).ToHashSet());
    }

    [Fact]
    public async Task The_catalog_that_migrate_grants_from_lists_every_table_and_function_the_scripts_create()
    {
        // A database of its own: nothing else may have created objects in it.
        var connectionString = await PostgresServer.CreateDatabaseAsync("catalog");
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            await PostgresSchema.EnsureAsync(connectionString, cts.Token);

            Assert.Equal(SchemaCatalog.Tables.Select(t => t.Name).Order(), (await TablesAsync(connectionString)).Order());
            Assert.Equal(SchemaCatalog.Functions.Order(), (await ReadStringsAsync(connectionString,
                "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace")).Order());
            Assert.Empty(await ReadStringsAsync(connectionString,
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind NOT IN ('r', 'i')"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Applying_the_schema_stores_this_release_s_version_for_verifying_silos()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await PostgresSchema.EnsureAsync(database.ConnectionString, cts.Token);

        Assert.Equal(PostgresSchema.Version, await PostgresSql.ScalarAsync<string>(database.ConnectionString, "SELECT version FROM sweepgrid_schema_version"));
        Assert.Matches("^[0-9a-f]{64}$", PostgresSchema.Version);
        await PostgresSchema.VerifyAsync(database.ConnectionString, cts.Token);
    }

    [Fact]
    public async Task Three_silos_applying_the_schema_at_once_to_an_empty_database_all_succeed()
    {
        // A database of its own: the race only exists while the tables do not.
        var connectionString = await PostgresServer.CreateDatabaseAsync("race");
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var start = new ManualResetEventSlim();
            var silos = Enumerable.Range(0, 3)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait(cts.Token);
                    await PostgresSchema.EnsureAsync(connectionString, cts.Token);
                }))
                .ToArray();
            start.Set();
            await Task.WhenAll(silos);

            Assert.Empty(RequiredQueryKeys.Except(await QueryKeysAsync(connectionString)));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<List<string>> QueryKeysAsync(string connectionString) =>
        await ReadStringsAsync(connectionString, "SELECT querykey FROM orleansquery");

    private static async Task<List<string>> TablesAsync(string connectionString) =>
        await ReadStringsAsync(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");

    private static async Task<List<string>> ReadStringsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
