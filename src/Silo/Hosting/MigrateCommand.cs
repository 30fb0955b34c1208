using System.Text.RegularExpressions;
using Npgsql;
using SweepGrid.Silo.Options;
using SweepGrid.Silo.Security;
using SweepGrid.Silo.Storage.PostgreSql;

namespace SweepGrid.Silo.Hosting;

/// <summary>
/// <c>SweepGrid.SiloHost migrate [--SweepGrid:Migrate:Key=value ...]</c>: applies the PostgreSQL schema as its owner and
/// gives the silo role exactly the rights silos need (<see cref="MigrationOptions"/>; environment variables work as for
/// the silo). Exit 0 when done, 1 when the database refused or failed, 2 for bad configuration. Passwords are never
/// printed.
/// </summary>
public static partial class MigrateCommand
{
    public const string Name = "migrate";

    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;

    private const string Usage = $"""
        Usage: SweepGrid.SiloHost migrate [--{MigrationOptions.Section}:Key=value ...]
          (or environment variables SweepGrid__Migrate__Key)

          ConnectionString  the schema owner's connection string (default: {SweepGridSiloOptions.Section}:PostgresConnectionString)
          SiloRole          the role silos log in as; granted exactly what silos need (none: schema only)
          SiloPassword      creates the role when missing, or sets its password (none: the role must exist)
          SiloPasswordFile  a file holding SiloPassword (e.g. a mounted secret)

        """;

    /// <summary>Whether the program's arguments ask for this command (it must come first).</summary>
    public static bool IsInvocation(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <summary>Runs with the environment and <paramref name="args"/> (the arguments after "migrate") as configuration.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args is ["--help" or "-h"])
        {
            await output.WriteAsync(Usage);
            return Succeeded;
        }

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"migrate: {SecretRedaction.Redact(e.Message)}");
            await error.WriteAsync(Usage);
            return BadConfiguration;
        }

        return await RunAsync(configuration, output, error, ct);
    }

    /// <summary>Runs with <paramref name="configuration"/> alone (tests; hosts with their own configuration).</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (request, problems) = Read(configuration);
        if (request is null)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"migrate: {problem}");
            }

            await error.WriteAsync(Usage);
            return BadConfiguration;
        }

        try
        {
            var report = await PostgresMigration.MigrateAsync(request.ConnectionString, request.SiloRole, request.SiloPassword, ct);
            await PrintAsync(report, output, error);
            return Succeeded;
        }
        catch (MigrationConfigurationException e)
        {
            await error.WriteLineAsync($"migrate: {SecretRedaction.Redact(e.Message)}");
            return BadConfiguration;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var target = new NpgsqlConnectionStringBuilder(request.ConnectionString);
            await error.WriteLineAsync($"migrate: failed on {target.Host}:{target.Port}/{target.Database} as '{target.Username}': {SecretRedaction.Redact(Describe(e))}");
            return Failed;
        }
    }

    private static (MigrationRequest? Request, List<string> Problems) Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var options = configuration.GetSection(MigrationOptions.Section).Get<MigrationOptions>() ?? new MigrationOptions();
        var (key, connectionString) = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ($"{SweepGridSiloOptions.Section}:PostgresConnectionString", configuration[$"{SweepGridSiloOptions.Section}:PostgresConnectionString"])
            : ($"{MigrationOptions.Section}:ConnectionString", options.ConnectionString);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add($"{MigrationOptions.Section}:ConnectionString (or {SweepGridSiloOptions.Section}:PostgresConnectionString) is required: " +
                "the schema owner's connection string, e.g. Host=db;Username=sweepgrid;Password=...;Database=sweepgrid");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                problems.Add($"{key} is not a valid PostgreSQL connection string ({SecretRedaction.Redact(e.Message)})");
            }
        }

        var role = string.IsNullOrWhiteSpace(options.SiloRole) ? null : options.SiloRole;
        if (role is not null && !RoleName().IsMatch(role))
        {
            problems.Add($"{MigrationOptions.Section}:SiloRole must be a lower-case PostgreSQL name (a-z, 0-9, _; at most 63 characters; not pg_...), got '{role}'");
        }

        var password = ReadPassword(options, problems);
        if (password is not null && role is null)
        {
            problems.Add($"{MigrationOptions.Section}:SiloPassword needs {MigrationOptions.Section}:SiloRole, the role it belongs to");
        }

        if (password is not null && !ScramSecret.IsSupported(password))
        {
            problems.Add($"{MigrationOptions.Section}:SiloPassword must be printable ASCII without spaces (e.g. from openssl rand -hex 24)");
        }

        return problems.Count == 0 ? (new MigrationRequest(connectionString!, role, password), problems) : (null, problems);
    }

    private static string? ReadPassword(MigrationOptions options, List<string> problems)
    {
        if (options.SiloPassword is not null && options.SiloPasswordFile is not null)
        {
            problems.Add($"give {MigrationOptions.Section}:SiloPassword or {MigrationOptions.Section}:SiloPasswordFile, not both");
            return null;
        }

        if (options.SiloPasswordFile is { } file)
        {
            try
            {
                // A secret file written by echo or an editor ends with one line break that is not part of the password.
                var text = File.ReadAllText(file);
                return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                problems.Add($"cannot read {MigrationOptions.Section}:SiloPasswordFile '{file}': {e.Message}");
                return null;
            }
        }

        if (options.SiloPassword is "")
        {
            problems.Add($"{MigrationOptions.Section}:SiloPassword is empty");
        }

        return options.SiloPassword;
    }

    private static async Task PrintAsync(MigrationReport report, TextWriter output, TextWriter error)
    {
        await output.WriteLineAsync($"migrate: schema {report.Version[..12]} applied to database '{report.Database}' (schema {report.Schema}) as '{report.Owner}'");
        if (report.SiloRole is null)
        {
            await output.WriteLineAsync($"migrate: no {MigrationOptions.Section}:SiloRole given; no role was granted anything");
            return;
        }

        await output.WriteLineAsync($"migrate: role '{report.SiloRole}' {report.RoleAction}; it holds exactly:");
        foreach (var grant in report.Grants)
        {
            await output.WriteLineAsync($"  {grant}");
        }

        foreach (var warning in report.Warnings)
        {
            await error.WriteLineAsync($"migrate: warning: {warning}");
        }
    }

    /// <summary>Every distinct message down the chain of inner exceptions (Npgsql puts the socket error inside).</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var message = x is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : x.Message;
            if (!messages.Contains(message))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }

    [GeneratedRegex("^(?!pg_)[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();

    private sealed record MigrationRequest(string ConnectionString, string? SiloRole, string? SiloPassword);
}
