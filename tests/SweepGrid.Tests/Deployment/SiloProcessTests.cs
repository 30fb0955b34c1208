using System.Globalization;
using System.Net;
using Npgsql;
using SweepGrid.Tests.Deployment.Kube;
using SweepGrid.Tests.Postgres;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>
/// The rendered migrate Job's container and then a silo, each a real process started with exactly the environment the
/// manifest gives it. What only a cluster has is swapped for local stand-ins: the pod IP for 127.0.0.1, the database
/// settings for a fresh database on the test PostgreSQL (its superuser as the owner, a role of the test's own as the
/// silo role), container ports for free ports, volumes for scratch directories. The silo then runs as that role.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloProcessTests
{
    private const string PodName = "sweepgrid-silo-0";
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan MigrateTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("overlays/cpu-dev")]
    [InlineData("overlays/gpu")]
    public async Task Silo_with_the_manifest_environment_joins_the_cluster_serves_health_and_leaves_on_sigterm(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var container = render.SiloContainer;
        var grace = TimeSpan.FromSeconds(render.Silo.Template.Spec.TerminationGracePeriodSeconds ?? 30);
        var database = await PostgresServer.CreateDatabaseAsync("deploy");
        var siloRole = PostgresServer.NewRoleName("deploy_silo");
        var scratch = Directory.CreateTempSubdirectory("sweepgrid-silo-");
        try
        {
            var settings = DatabaseSettings.Of(render);
            var local = LocalDatabase(database, siloRole);
            await using (var migrate = SiloProcess.StartExact(settings.Resolve(MigrateContainer(render), local), MigrateContainer(render).Args))
            {
                Assert.True(await migrate.WaitForExitAsync(MigrateTimeout), $"migrate did not finish within {MigrateTimeout}; output:\n{migrate.Log}");
                Assert.True(migrate.ExitCode == 0, $"migrate exited with {migrate.ExitCode}; output:\n{migrate.Log}");
                Assert.Contains($"role '{siloRole}' created", migrate.Log);
            }

            var replacements = new Dictionary<string, string>();
            foreach (var port in container.Ports ?? [])
            {
                replacements[Text(port.ContainerPort)] = Text(FreePorts.Next());
            }

            foreach (var mount in container.VolumeMounts ?? [])
            {
                var scratchDirectory = scratch.CreateSubdirectory(mount.Name).FullName;
                replacements[mount.MountPath] = scratchDirectory;
                if (render.Silo.Template.Spec.Volumes?.SingleOrDefault(v => v.Name == mount.Name)?.Secret?.SecretName == "sweepgrid-tls")
                {
                    // The Secret the user creates: a set from `sweepgrid certs`, whose file names it uses.
                    foreach (var file in Silo.Security.ClusterCertificates.Create(scratchDirectory, ["localhost"], TimeSpan.FromDays(1)))
                    {
                        replacements[$"{mount.MountPath}/{Path.GetFileName(file)}"] = file;
                    }
                }
            }

            var fields = new Dictionary<string, string>
            {
                ["status.podIP"] = "127.0.0.1",
                ["metadata.name"] = PodName,
                ["metadata.namespace"] = KubeSchema.Namespace,
            };
            var env = ManifestEnvironment.Resolve(container, fields, key => DatabaseSettings.SecretValue(key.Key), replacements, key => local(key) ?? settings.ConfigValue(key));
            Assert.Equal(siloRole, new NpgsqlConnectionStringBuilder(env["SweepGrid__PostgresConnectionString"]).Username);
            Assert.Equal("verify", env["SweepGrid__Schema"]);
            var member = (
                Cluster: env["SweepGrid__ClusterId"],
                Address: env["SweepGrid__AdvertisedIp"],
                Port: int.Parse(env["SweepGrid__SiloPort"], CultureInfo.InvariantCulture),
                Gateway: int.Parse(env["SweepGrid__GatewayPort"], CultureInfo.InvariantCulture));
            var http = int.Parse(replacements[Text(container.PortNamed("http")!.ContainerPort)], CultureInfo.InvariantCulture);
            Assert.Equal(("127.0.0.1", PodName), (member.Address, env["Orleans__Name"]));

            await using var silo = SiloProcess.StartExact(env);
            async Task<long> MembersAsync(int status) => await MembershipCountAsync(database, member, status, silo);

            await Eventually.HoldsAsync(async () => await MembersAsync(Active) == 1, JoinTimeout,
                $"the silo is an Active member {member} of the membership table in its database");
            // Kestrel starts listening once every hosted service, the Orleans silo included, has started.
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = RequestTimeout };
            await Eventually.HoldsAsync(async () => await StatusAsync(client, "/health") == HttpStatusCode.OK, JoinTimeout,
                $"the silo answers 200 on /health at port {http}");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/alive"));
            Assert.Equal(0, await HealthcheckScriptAsync("/health", env["ASPNETCORE_HTTP_PORTS"]));
            Assert.Equal(1, await HealthcheckScriptAsync("/no-such-endpoint", env["ASPNETCORE_HTTP_PORTS"]));

            await silo.SendSigtermAsync();

            Assert.True(await silo.WaitForExitAsync(grace), $"the silo did not stop within the termination grace period ({grace}); output:\n{silo.Log}");
            Assert.True(silo.ExitCode == 0, $"the silo exited with {silo.ExitCode}; output:\n{silo.Log}");
            Assert.Equal(1, await MembersAsync(Dead));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
            await PostgresServer.DropRoleAsync(siloRole);
            scratch.Delete(recursive: true);
        }
    }

    private static Container MigrateContainer(Rendered render) => render.Single<Job>("sweepgrid-migrate").Template.Spec.Containers.Single();

    /// <summary>
    /// The test server in place of the database settings. Its superuser owns the schema; passwords are the Secret
    /// markers, which the server (trusting local logins) does not check. SSL Mode stays as rendered.
    /// </summary>
    private static Func<KeySelector, string?> LocalDatabase(string database, string siloRole)
    {
        var server = new NpgsqlConnectionStringBuilder(database);
        return key => key.Key switch
        {
            "host" => server.Host,
            "port" => Text(server.Port),
            "database" => server.Database,
            "owner-username" => server.Username,
            "silo-username" => siloRole,
            _ => null,
        };
    }

    /// <summary>Rows of this silo in a status; 0 until the silo has created the schema. Fails fast if the silo died.</summary>
    private static async Task<long> MembershipCountAsync(string database, (string Cluster, string Address, int Port, int Gateway) member, int status, SiloProcess silo)
    {
        if (silo.HasExited && status == Active)
        {
            throw new InvalidOperationException($"The silo exited with {silo.ExitCode} before joining; output:\n{silo.Log}");
        }

        try
        {
            return await PostgresSql.ScalarAsync<long>(
                database,
                "SELECT count(*) FROM orleans_membership WHERE deployment_id = @p0 AND silo_name = @p1 AND address = @p2 AND port = @p3 AND proxy_port = @p4 AND status = @p5",
                member.Cluster, PodName, member.Address, member.Port, member.Gateway, status);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>The image's health check script (docker/healthcheck.sh) against the running silo; its exit code.</summary>
    private static async Task<int> HealthcheckScriptAsync(string path, string httpPorts)
    {
        var env = new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = httpPorts };
        var result = await ToolRun.RunAsync("bash", [Repository.PathOf("docker", "healthcheck.sh"), path], RequestTimeout, env);
        return result.ExitCode;
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
