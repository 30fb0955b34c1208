using SweepGrid.Silo.Storage.PostgreSql;

namespace SweepGrid.Silo.Hosting;

/// <summary>
/// Applies (or with SweepGrid:Schema=verify only checks) the PostgreSQL schema as the silo starts, in the lifecycle's
/// first stage: the ADO.NET membership table (RuntimeGrainServices), grain storage (ApplicationServices) and reminder
/// table initialize later and read their queries from the schema's orleansquery table. Running it at start-up rather
/// than while services are registered keeps the composition free of I/O and lets start-up cancellation reach it; a
/// <see cref="SchemaNotReadyException"/> fails the host's start.
/// </summary>
internal sealed class PostgresSchemaStartup(string connectionString, bool verifyOnly) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaStartup), ServiceLifecycleStage.First, PrepareAsync);

    private Task PrepareAsync(CancellationToken ct) =>
        verifyOnly ? PostgresSchema.VerifyAsync(connectionString, ct) : PostgresSchema.EnsureAsync(connectionString, ct);
}
