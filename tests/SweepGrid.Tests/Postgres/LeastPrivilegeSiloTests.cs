using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Storage.PostgreSql;
using SweepGrid.Tests.Deployment;
using Xunit;

namespace SweepGrid.Tests.Postgres;

/// <summary>
/// A silo on the least-privilege role does everything a silo does (membership, grain state, reminders, checkpoints,
/// a submitted sweep) and nothing a schema owner does.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LeastPrivilegeSiloTests(LeastPrivilegeSiloFixture silo) : IClassFixture<LeastPrivilegeSiloFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Silo_verifying_the_schema_on_the_silo_role_is_an_active_member()
    {
        await Eventually.HoldsAsync(
            async () => await AdminScalarAsync<long>("SELECT count(*) FROM orleans_membership WHERE deployment_id = @p0 AND status = 3", silo.ClusterId) == 1,
            Timeout,
            $"the silo of cluster {silo.ClusterId} is Active in orleans_membership");
        Assert.True(await AdminScalarAsync<int>("SELECT version FROM orleans_membership_version WHERE deployment_id = @p0", silo.ClusterId) > 0);
    }

    [Fact]
    public async Task Grain_state_is_written_read_back_and_cleared_on_the_silo_role()
    {
        var grain = silo.Grains.GetGrain<IProbeGrain>($"roles-{Guid.NewGuid():N}");
        await grain.Write("least privilege");
        await DeactivateAsync(grain);
        Assert.Equal(new ProbeSnapshot("least privilege", 1, "1", RecordExists: true), await grain.Read());

        await grain.Clear();
        await DeactivateAsync(grain);
        Assert.False((await grain.Read()).RecordExists);
    }

    [Fact]
    public async Task Reminders_are_stored_and_removed_on_the_silo_role()
    {
        var grain = silo.Grains.GetGrain<IProbeGrain>($"roles-reminder-{Guid.NewGuid():N}");
        const string Count = "SELECT count(*) FROM orleans_reminder WHERE grain_id = @p0 AND reminder_name = 'tick'";

        await grain.RegisterReminder("tick");
        Assert.Equal(1, await AdminScalarAsync<long>(Count, grain.GetGrainId().ToString()));
        await grain.UnregisterReminder("tick");
        Assert.Equal(0, await AdminScalarAsync<long>(Count, grain.GetGrainId().ToString()));
    }

    [Fact]
    public async Task Checkpoints_are_saved_loaded_and_deleted_on_the_silo_role()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var checkpoints = silo.Services.GetRequiredService<ICheckpointStore>();
        var sweep = $"roles-{Guid.NewGuid():N}";

        await checkpoints.SaveAsync(sweep, "trial-1", 2, [1, 2, 3], cts.Token);
        await checkpoints.SaveAsync(sweep, "trial-1", 3, [4, 5], cts.Token);
        var loaded = await checkpoints.LoadAsync(sweep, "trial-1", cts.Token);
        Assert.Equal(3, loaded?.Epoch);
        Assert.Equal([4, 5], loaded?.Payload);

        await using var store = new PostgresCheckpointStore(silo.Database.SiloConnectionString);
        await store.DeleteSweepAsync(sweep, cts.Token);
        Assert.Null(await checkpoints.LoadAsync(sweep, "trial-1", cts.Token));
    }

    [Fact]
    public async Task A_sweep_submitted_to_the_silo_is_stored_and_its_scheduler_keeps_a_reminder()
    {
        var spec = Repository.ReadText("examples", "mnist-quick.yaml");
        var result = await silo.Grains.GetGrain<ISweepGrain>("mnist-quick").SubmitAsync(spec, "mnist-quick.yaml");

        var sweep = await silo.Grains.ReadSweepAsync("mnist-quick");
        Assert.NotNull(sweep);
        Assert.Equal(3, sweep.Trials.Length);
        Assert.True(result.Accepted, $"submit refused: {string.Join("; ", result.Problems)}");
        Assert.Equal(3, result.NewTrials.Length + result.ExistingTrials.Length);
        Assert.True(await AdminScalarAsync<long>("SELECT count(*) FROM orleans_grain_state WHERE service_id = @p0", silo.ClusterId) >= 4,
            "the sweep, the registry and the trials are stored");
        await Eventually.HoldsAsync(
            async () => await AdminScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE service_id = @p0 AND reminder_name = 'keep-alive'", silo.ClusterId) == 1,
            Timeout,
            "the scheduler's keep-alive reminder is stored");
    }

    [Theory]
    [InlineData("CREATE TABLE sweepgrid_intruder (id integer)")]
    [InlineData("CREATE TABLE sweepgrid_copy AS SELECT * FROM orleans_grain_state")]
    [InlineData("CREATE SCHEMA intruder")]
    [InlineData("DROP TABLE orleans_grain_state")]
    [InlineData("DROP TABLE sweepgrid_checkpoint")]
    [InlineData("ALTER TABLE orleans_membership ADD COLUMN intruder integer")]
    [InlineData("ALTER TABLE sweepgrid_checkpoint OWNER TO CURRENT_USER")]
    [InlineData("TRUNCATE sweepgrid_checkpoint")]
    [InlineData("TRUNCATE orleans_grain_state")]
    [InlineData("CREATE INDEX intruder ON orleans_reminder (grain_hash)")]
    [InlineData("CREATE TRIGGER intruder BEFORE UPDATE ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()")]
    [InlineData("DROP FUNCTION orleans_grain_state_write")]
    [InlineData("COMMENT ON TABLE orleans_reminder IS 'intruder'")]
    [InlineData("UPDATE orleansquery SET querytext = 'SELECT 1' WHERE querykey = 'ReadFromStorageKey'")]
    [InlineData("DELETE FROM orleansquery")]
    [InlineData("UPDATE sweepgrid_schema_version SET version = 'forged'")]
    public async Task The_silo_role_may_not_change_the_schema_or_the_query_texts(string sql)
    {
        await using var connection = new NpgsqlConnection(silo.Database.SiloConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"'{sql}' failed with {refused.SqlState} {refused.MessageText}, not insufficient_privilege");
    }

    [Fact]
    public async Task Migrate_grants_the_silo_role_exactly_the_catalog_rights_and_reports_them()
    {
        await RoleRights.AssertExactlyAsync(silo.Database);

        Assert.Contains($"role '{silo.Database.SiloRole}' created", silo.Migration.Output);
        Assert.Contains("SELECT on orleansquery", silo.Migration.Output);
        Assert.Contains("SELECT, INSERT, UPDATE, DELETE on orleans_grain_state", silo.Migration.Output);
        Assert.DoesNotContain(LeastPrivilegeDatabase.SiloPassword, silo.Migration.Printed);
        Assert.Empty(silo.Migration.Error);
    }

    private static async Task DeactivateAsync(IProbeGrain grain)
    {
        var before = await grain.GetActivationId();
        await grain.Deactivate();
        await Eventually.HoldsAsync(async () => await grain.GetActivationId() != before, Timeout, $"grain {grain.GetPrimaryKeyString()} is reactivated");
    }

    private Task<T> AdminScalarAsync<T>(string sql, params object[] parameters) =>
        PostgresSql.ScalarAsync<T>(silo.Database.AdminConnectionString, sql, parameters);
}
