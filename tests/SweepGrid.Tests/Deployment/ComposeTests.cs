using System.Globalization;
using Xunit;
using static SweepGrid.Tests.Deployment.YamlTree;

namespace SweepGrid.Tests.Deployment;

/// <summary>docker-compose.yml (and its GPU override) as Debian's docker-compose renders them.</summary>
[Trait("Category", "Integration")]
public sealed class ComposeTests
{
    private static readonly string[] Base = ["docker-compose.yml"];
    private static readonly string[] Gpu = ["docker-compose.yml", "docker-compose.gpu.yml"];
    private static readonly string[] Silos = ["silo-1", "silo-2"];

    [Fact]
    public async Task Compose_file_runs_postgres_two_cluster_silos_prometheus_and_grafana()
    {
        var config = await ComposeCli.RenderAsync(Base);

        Assert.Superset(new HashSet<string> { "postgres", "migrate", "silo-1", "silo-2", "prometheus", "grafana" }, Keys(config, "services").ToHashSet());
        Assert.StartsWith("postgres:16.", Text(config, "services", "postgres", "image"), StringComparison.Ordinal);
        Assert.Contains("pg_isready", string.Join(' ', Strings(config, "services", "postgres", "healthcheck", "test")), StringComparison.Ordinal);
        Assert.Contains("postgres-data:/var/lib/postgresql/data:rw", Strings(config, "services", "postgres", "volumes"));
        Assert.Equal(ComposeCli.PostgresPassword, Text(config, "services", "postgres", "environment", "POSTGRES_PASSWORD"));
        foreach (var silo in Silos)
        {
            var env = Map(config, "services", silo, "environment");
            Assert.Equal("service_healthy", Text(config, "services", silo, "depends_on", "postgres", "condition"));
            Assert.Equal("service_completed_successfully", Text(config, "services", silo, "depends_on", "migrate", "condition"));
            Assert.Equal("cluster", env["SweepGrid__Mode"]);
            Assert.Equal($"Host=postgres;Port=5432;Username=sweepgrid_silo;Password={ComposeCli.SiloDbPassword};Database=sweepgrid;SSL Mode=Prefer", env["SweepGrid__PostgresConnectionString"]);
            Assert.Equal("verify", env["SweepGrid__Schema"]);
            Assert.Equal("sweepgrid", env["SweepGrid__ClusterId"]);
            Assert.Equal("1", env["SweepGrid__Slots"]);
            Assert.Equal(silo, env["Orleans__Name"]);
            Assert.Equal(["CMD", "sweepgrid-healthcheck", "/health"], Strings(config, "services", silo, "healthcheck", "test"));
            Assert.Equal(("silo", "cpu"), (Text(config, "services", silo, "build", "target"), Text(config, "services", silo, "build", "args", "TORCH_BACKEND")));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_compose_image_is_pinned_to_a_release_tag(bool gpu)
    {
        var config = await ComposeCli.RenderAsync(gpu ? Gpu : Base, "sweep");
        var images = Keys(config, "services").Select(s => Text(config, "services", s, "image") ?? $"{s}: no image").ToList();

        Assert.Equal(8, images.Count);
        Assert.All(images, image => Assert.True(ImageReference.IsPinned(image), $"{image} is not pinned to a release tag"));
    }

    [Fact]
    public async Task Compose_silos_run_read_only_without_capabilities_or_privilege_escalation()
    {
        var config = await ComposeCli.RenderAsync(Base);

        Assert.All(Silos.Append("migrate").Append("certs"), silo =>
        {
            Assert.True(YamlTree.At(config, "services", silo, "read_only") is true or "true", $"{silo}: read_only");
            Assert.Equal(["ALL"], YamlTree.Strings(config, "services", silo, "cap_drop"));
            Assert.Contains("no-new-privileges:true", YamlTree.Strings(config, "services", silo, "security_opt"));
            Assert.Contains("/tmp", YamlTree.Strings(config, "services", silo, "tmpfs"));
        });
    }

    [Fact]
    public async Task Compose_silos_get_longer_to_stop_than_their_shutdown_timeout()
    {
        var config = await ComposeCli.RenderAsync(Base);

        Assert.All(Silos, silo =>
        {
            var grace = ComposeDuration.Parse(Text(config, "services", silo, "stop_grace_period") ?? "10s");
            var shutdown = TimeSpan.FromSeconds(int.Parse(Text(config, "services", silo, "environment", "DOTNET_SHUTDOWNTIMEOUTSECONDS") ?? "30", CultureInfo.InvariantCulture));
            Assert.True(grace > shutdown, $"{silo}: stop_grace_period {grace} must exceed the shutdown timeout {shutdown}");
        });
    }

    [Fact]
    public async Task Grafana_takes_its_admin_password_from_the_environment_and_provisioning_from_the_grafana_directory()
    {
        var config = await ComposeCli.RenderAsync(Base);
        var volumes = Strings(config, "services", "grafana", "volumes");

        Assert.Equal(ComposeCli.GrafanaPassword, Text(config, "services", "grafana", "environment", "GF_SECURITY_ADMIN_PASSWORD"));
        Assert.Contains($"{Repository.PathOf("grafana", "provisioning")}:/etc/grafana/provisioning:ro", volumes);
        Assert.Contains($"{Repository.PathOf("grafana", "dashboards")}:/var/lib/grafana/dashboards:ro", volumes);
    }

    [Theory]
    [InlineData("GRAFANA_ADMIN_PASSWORD")]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("SWEEPGRID_SILO_DB_PASSWORD")]
    public async Task Compose_refuses_to_render_without_a_required_password(string variable)
    {
        var environment = ComposeCli.RequiredEnvironment();
        environment[variable] = null;

        var result = await ComposeCli.ConfigAsync(Base, [], environment);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"set {variable}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_profile_submits_the_reference_spec_once_both_silos_are_healthy()
    {
        var config = await ComposeCli.RenderAsync(Base, "sweep");

        Assert.Equal(["sweep"], Strings(config, "services", "sweep", "profiles"));
        Assert.Equal(["submit", "/specs/spec.yaml"], Strings(config, "services", "sweep", "command"));
        Assert.Equal(string.Join(',', Silos.Select(s => $"{s}:{Text(config, "services", s, "environment", "SweepGrid__GatewayPort")}")),
            Text(config, "services", "sweep", "environment", "SWEEPGRID_CLUSTER"));
        Assert.Equal([$"{Repository.PathOf("examples", "fashion-weight-decay.yaml")}:/specs/spec.yaml:ro", "certs:/certs:ro"], Strings(config, "services", "sweep", "volumes"));
        Assert.Equal("client", Text(config, "services", "sweep", "build", "target"));
        Assert.All(Silos, silo => Assert.Equal("service_healthy", Text(config, "services", "sweep", "depends_on", silo, "condition")));
    }

    [Fact]
    public async Task Silos_speak_mutual_TLS_with_certificates_the_certs_one_shot_makes_once_and_the_client_trusts_their_CA()
    {
        var config = await ComposeCli.RenderAsync(Base, "sweep");

        Assert.Equal(["certs", "--out", "/certs", "--if-missing", "--host", "silo-1", "--host", "silo-2"], Strings(config, "services", "certs", "command"));
        Assert.Equal("client", Text(config, "services", "certs", "build", "target"));
        Assert.Equal(["certs:/certs:rw"], Strings(config, "services", "certs", "volumes"));
        Assert.All(Silos, silo =>
        {
            var env = Map(config, "services", silo, "environment");
            Assert.Equal("tls", env["SweepGrid__Transport"]);
            Assert.Equal(("/certs/tls.crt", "/certs/tls.key", "/certs/ca.crt"), (env["SweepGrid__Tls__Certificate"], env["SweepGrid__Tls__Key"], env["SweepGrid__Tls__Ca"]));
            Assert.Contains("certs:/certs:ro", Strings(config, "services", silo, "volumes"));
            Assert.Equal("service_completed_successfully", Text(config, "services", silo, "depends_on", "certs", "condition"));
        });
        Assert.Equal("/certs/ca.crt", Text(config, "services", "sweep", "environment", "SWEEPGRID_TLS_CA"));
    }

    [Fact]
    public async Task Migrate_applies_the_schema_as_the_owner_and_grants_the_silo_role_before_any_silo_starts()
    {
        var config = await ComposeCli.RenderAsync(Base);
        var env = Map(config, "services", "migrate", "environment");

        Assert.Equal(["migrate"], Strings(config, "services", "migrate", "command"));
        Assert.Equal(Text(config, "services", "silo-1", "image"), Text(config, "services", "migrate", "image"));
        Assert.Equal("silo", Text(config, "services", "migrate", "build", "target"));
        Assert.Equal("service_healthy", Text(config, "services", "migrate", "depends_on", "postgres", "condition"));
        Assert.Equal("no", Text(config, "services", "migrate", "restart"));
        Assert.Equal($"Host=postgres;Port=5432;Username=sweepgrid;Password={ComposeCli.PostgresPassword};Database=sweepgrid;SSL Mode=Prefer", env["SweepGrid__Migrate__ConnectionString"]);
        Assert.Equal("sweepgrid_silo", env["SweepGrid__Migrate__SiloRole"]);
        Assert.Equal(ComposeCli.SiloDbPassword, env["SweepGrid__Migrate__SiloPassword"]);
        Assert.Equal(Text(config, "services", "postgres", "environment", "POSTGRES_USER"), new Npgsql.NpgsqlConnectionStringBuilder((string)env["SweepGrid__Migrate__ConnectionString"]).Username);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_owner_password_reaches_only_the_database_and_migrate_and_the_client_no_database_password(bool gpu)
    {
        var config = await ComposeCli.RenderAsync(gpu ? Gpu : Base, "sweep");
        var holders = Keys(config, "services")
            .Where(s => (At(config, "services", s, "environment") as Dictionary<object, object>)?.Values.Any(v => $"{v}".Contains(ComposeCli.PostgresPassword, StringComparison.Ordinal)) == true)
            .Order();
        var client = Map(config, "services", "sweep", "environment");

        Assert.Equal(["migrate", "postgres"], holders);
        Assert.DoesNotContain(client.Values, v => $"{v}".Contains("Password", StringComparison.OrdinalIgnoreCase) || $"{v}".Contains(ComposeCli.SiloDbPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ssl_mode_from_the_environment_reaches_every_database_connection()
    {
        var environment = ComposeCli.RequiredEnvironment();
        environment["SWEEPGRID_DB_SSL_MODE"] = "VerifyFull";

        var result = await ComposeCli.ConfigAsync(Base, [], environment);

        Assert.True(result.ExitCode == 0, result.Describe());
        var config = Load(result.Stdout);
        var connections = Silos.Select(s => Text(config, "services", s, "environment", "SweepGrid__PostgresConnectionString"))
            .Append(Text(config, "services", "migrate", "environment", "SweepGrid__Migrate__ConnectionString"));
        Assert.All(connections, c => Assert.Equal("VerifyFull", new Npgsql.NpgsqlConnectionStringBuilder(c).SslMode.ToString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gpu_override_reserves_nvidia_gpus_for_every_silo_and_builds_the_cuda_image(bool withSweepProfile)
    {
        var config = await ComposeCli.RenderAsync(Gpu, withSweepProfile ? ["sweep"] : []);

        Assert.All(Silos, silo =>
        {
            var devices = At(config, "services", silo, "deploy", "resources", "reservations", "devices") as List<object>;
            var device = Assert.Single(devices ?? []);
            Assert.Equal("nvidia", Text(device, "driver"));
            Assert.Equal(["gpu"], Strings(device, "capabilities"));
            Assert.Equal("cuda", Text(config, "services", silo, "build", "args", "TORCH_BACKEND"));
            Assert.Equal("sweepgrid/silo:0.1.0-cuda", Text(config, "services", silo, "image"));
            Assert.Equal("auto", Text(config, "services", silo, "environment", "SweepGrid__Slots"));
            Assert.Equal("2", Text(config, "services", silo, "environment", "SweepGrid__TrialsPerGpu"));
            Assert.Equal("cluster", Text(config, "services", silo, "environment", "SweepGrid__Mode"));
        });
        Assert.Equal(("sweepgrid/silo:0.1.0-cuda", "cuda"), (Text(config, "services", "migrate", "image"), Text(config, "services", "migrate", "build", "args", "TORCH_BACKEND")));
        Assert.Null(At(config, "services", "migrate", "deploy"));
    }

    [Fact]
    public async Task Prometheus_scrapes_every_silo_on_its_metrics_path_and_http_port()
    {
        var config = await ComposeCli.RenderAsync(Base);
        var prometheus = Load(Repository.ReadText("docker", "prometheus", "prometheus.yml"));
        var job = (At(prometheus, "scrape_configs") as List<object> ?? []).Single(j => Text(j, "job_name") == "sweepgrid-silo");
        var targets = (At(job, "static_configs") as List<object> ?? []).SelectMany(c => Strings(c, "targets"));
        // The silo image run without a command is a silo; with one (migrate) it is a one-shot job without HTTP.
        var silos = Keys(config, "services").Where(s => Text(config, "services", s, "build", "target") == "silo" && At(config, "services", s, "command") is null);

        Assert.Equal("/metrics", Text(job, "metrics_path"));
        Assert.Equal(silos.Select(s => $"{s}:{Text(config, "services", s, "environment", "ASPNETCORE_HTTP_PORTS")}").Order(), targets.Order());
        Assert.Contains($"{Repository.PathOf("docker", "prometheus", "prometheus.yml")}:/etc/prometheus/prometheus.yml:ro", Strings(config, "services", "prometheus", "volumes"));
    }
}
