using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// Creates or updates the PostgreSQL objects SweepGrid needs: the Orleans membership, grain state and
/// reminder tables with the query texts the Orleans ADO.NET providers load from <c>orleansquery</c>,
/// and the trial checkpoint table. The scripts are idempotent: <c>SweepGrid.SiloHost migrate</c> applies them as the
/// schema owner, and a silo with SweepGrid:Schema=apply (development, tests) applies them at every start-up.
/// </summary>
/// <remarks>
/// The Orleans providers must be configured with <see cref="Invariant"/> and the same connection string
/// (<see cref="Hosting.SweepGridHosting.AddPostgresCluster"/> does), and grain state is stored through the provider
/// named <see cref="Hosting.StorageNames.Provider"/>.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The ADO.NET invariant name Orleans maps to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    // Arbitrary but fixed: every SweepGrid process takes the same lock, so silos starting together
    // apply the scripts one after another instead of racing on CREATE TABLE (which fails with a
    // unique violation in the catalog when two sessions create the same table at once).
    private const long SchemaLockKey = 0x5357_4750_5343_4831; // "SWGPSCH1"

    private const string ResourcePrefix = "SweepGrid.Silo.Storage.PostgreSql.";

    private static readonly Lazy<string> ScriptsDigest = new(() => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(Scripts().Select(s => $"{s.Name}\n{s.Sql}\0"))))));

    /// <summary>
    /// This release's schema version: a digest of the embedded scripts, stored in <c>sweepgrid_schema_version</c> when
    /// they are applied and compared by <see cref="VerifyAsync"/>.
    /// </summary>
    public static string Version => ScriptsDigest.Value;

    /// <summary>
    /// Applies every schema script in one transaction under a PostgreSQL advisory lock. Safe to call
    /// repeatedly and concurrently from several processes. The connection's role must be allowed to create (and
    /// own) the objects: see <c>SweepGrid.SiloHost migrate</c> for silos that run with fewer rights.
    /// </summary>
    public static async Task EnsureAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = await PostgresCommands.OpenAsync(connectionString, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ApplyAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Checks, without changing anything, that the schema is present, at <see cref="Version"/>, and usable by the
    /// connection's role (every table right and function a silo needs). Throws <see cref="SchemaNotReadyException"/>
    /// saying what is wrong and to run <c>SweepGrid.SiloHost migrate</c> otherwise.
    /// </summary>
    public static Task VerifyAsync(string connectionString, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return SchemaVerifier.VerifyAsync(connectionString, ct);
    }

    /// <summary>The scripts and the version marker, inside the caller's transaction (migrate adds its grants to it).</summary>
    internal static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        // Transaction-scoped: released by the commit or rollback, even if this process dies.
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", SchemaLockKey));

        foreach (var (name, sql) in Scripts())
        {
            try
            {
                await connection.ExecuteAsync(transaction, sql, ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL schema script '{name}' failed: {ex.MessageText}. The role '{connection.UserName}' may not change the schema: " +
                    $"run `SweepGrid.SiloHost migrate` as the schema owner and start silos with {SweepGridSiloOptions.Section}:Schema={SweepGridSiloOptions.SchemaVerify}.", ex);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"PostgreSQL schema script '{name}' failed: {ex.MessageText}", ex);
            }
        }

        await connection.ExecuteAsync(transaction,
            $"""
            INSERT INTO {SchemaCatalog.VersionTable} (singleton, version) VALUES (true, @version)
            ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version, applied_at = now()
            """, ct, ("version", Version));
    }

    /// <summary>The embedded scripts in the order they must run (their file names start with a sequence number).</summary>
    internal static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No PostgreSQL schema scripts are embedded in {assembly.GetName().Name}.");
        }

        return names.Select(n => (n[ResourcePrefix.Length..], Read(assembly, n))).ToList();
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
