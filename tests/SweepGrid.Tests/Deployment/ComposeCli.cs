namespace SweepGrid.Tests.Deployment;

/// <summary>
/// Debian's docker-compose (1.29) validating and rendering the compose files with `config` (no Docker engine
/// needed). Installed with apt-get on first use when missing and the tests run as root.
/// </summary>
internal static class ComposeCli
{
    public const string PostgresPassword = "pg-test-password";
    public const string GrafanaPassword = "grafana-test-password";
    public const string SiloDbPassword = "silo-db-test-password";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ConfigTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<Task<string>> Executable = new(FindOrInstallAsync);

    /// <summary>The passwords the compose files require, so a render does not depend on the caller's shell.</summary>
    public static Dictionary<string, string?> RequiredEnvironment() => new()
    {
        ["POSTGRES_PASSWORD"] = PostgresPassword,
        ["SWEEPGRID_SILO_DB_PASSWORD"] = SiloDbPassword,
        ["GRAFANA_ADMIN_PASSWORD"] = GrafanaPassword,
    };

    /// <summary>`docker-compose [-f file]... [--profile p]... config` with exactly <paramref name="environment"/> for interpolation.</summary>
    public static async Task<ToolResult> ConfigAsync(string[] files, string[] profiles, Dictionary<string, string?> environment)
    {
        var executable = await Executable.Value;
        // An empty env file: a developer's .env must not change what the tests see.
        var envFile = Path.GetTempFileName();
        try
        {
            var arguments = new List<string> { "--env-file", envFile, "--project-directory", Repository.Root };
            foreach (var file in files)
            {
                arguments.AddRange(["-f", Repository.PathOf(file)]);
            }

            foreach (var profile in profiles)
            {
                arguments.AddRange(["--profile", profile]);
            }

            arguments.Add("config");
            var env = new Dictionary<string, string?>
            {
                ["POSTGRES_PASSWORD"] = null,
                ["SWEEPGRID_SILO_DB_PASSWORD"] = null,
                ["SWEEPGRID_DB_SSL_MODE"] = null,
                ["GRAFANA_ADMIN_PASSWORD"] = null,
                ["SWEEPGRID_TRIALS_PER_GPU"] = null,
                ["COMPOSE_FILE"] = null,
                ["COMPOSE_PROFILES"] = null,
                ["COMPOSE_PROJECT_NAME"] = null,
            };
            foreach (var (name, value) in environment)
            {
                env[name] = value;
            }

            return await ToolRun.RunAsync(executable, arguments, ConfigTimeout, env);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    /// <summary>Renders and parses; fails with docker-compose's own message when the files are rejected.</summary>
    public static async Task<object> RenderAsync(string[] files, params string[] profiles)
    {
        var result = await ConfigAsync(files, profiles, RequiredEnvironment());
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker-compose rejects {string.Join(" + ", files)}: {result.Describe()}");
        }

        return YamlTree.Load(result.Stdout);
    }

    private static async Task<string> FindOrInstallAsync()
    {
        if (ToolRun.Which("docker-compose") is { } found)
        {
            return found;
        }

        if (!Environment.IsPrivilegedProcess || ToolRun.Which("apt-get") is null)
        {
            throw new InvalidOperationException("docker-compose is not installed; install it (Debian: apt-get install docker-compose) or run the tests as root, which installs it.");
        }

        var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[] install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "docker-compose"];
        var result = await ToolRun.RunAsync("apt-get", install, InstallTimeout, env);
        if (result.ExitCode != 0)
        {
            // A fresh machine may have no package lists yet.
            await ToolRun.RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-qq"], InstallTimeout, env);
            result = await ToolRun.RunAsync("apt-get", install, InstallTimeout, env);
        }

        return result.ExitCode == 0 && ToolRun.Which("docker-compose") is { } installed
            ? installed
            : throw new InvalidOperationException($"Installing docker-compose failed: {result.Describe()}");
    }
}
