using System.Globalization;
using SweepGrid.Tests.Deployment.Kube;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>The silo workload of the base and of every overlay: Orleans settings, probes, shutdown, network exposure.</summary>
public sealed class SiloManifestTests
{
    public static TheoryData<string> SiloDeployments => new(Kustomize.SiloDeployments);

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_is_ready_on_health_and_alive_on_alive_at_the_port_it_serves_http_on(string directory)
    {
        var silo = (await Kustomize.RenderAsync(directory)).SiloContainer;

        Assert.Equal("/health", silo.ReadinessProbe?.HttpGet?.Path);
        Assert.Equal("/alive", silo.LivenessProbe?.HttpGet?.Path);
        Assert.Equal("/alive", silo.StartupProbe?.HttpGet?.Path);
        Assert.All(new[] { silo.ReadinessProbe!, silo.LivenessProbe!, silo.StartupProbe! }, p => Assert.Equal("http", p.HttpGet!.Port));
        Assert.Equal(8080, silo.PortNamed("http")?.ContainerPort);
        Assert.Equal("8080", silo.EnvNamed("ASPNETCORE_HTTP_PORTS")?.Value);
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_advertises_its_pod_ip_and_is_named_after_its_pod_through_the_downward_api(string directory)
    {
        var silo = (await Kustomize.RenderAsync(directory)).SiloContainer;

        Assert.Equal("status.podIP", silo.EnvNamed("POD_IP")?.ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("metadata.name", silo.EnvNamed("POD_NAME")?.ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("metadata.namespace", silo.EnvNamed("POD_NAMESPACE")?.ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("$(POD_IP)", silo.EnvNamed("SweepGrid__AdvertisedIp")?.Value);
        Assert.Equal("$(POD_NAME)", silo.EnvNamed("Orleans__Name")?.Value);
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_speaks_TLS_with_the_certificates_of_a_secret_the_user_creates_readable_by_its_group_only(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var silo = render.SiloContainer;
        var pod = render.Silo.Template.Spec;
        var mount = silo.VolumeMounts!.Single(m => m.MountPath == "/etc/sweepgrid/tls");
        var secret = pod.Volumes!.Single(v => v.Name == mount.Name).Secret!;

        Assert.Equal("tls", silo.EnvNamed("SweepGrid__Transport")?.Value);
        Assert.Equal(["/etc/sweepgrid/tls/tls.crt", "/etc/sweepgrid/tls/tls.key", "/etc/sweepgrid/tls/ca.crt"],
            new[] { "Certificate", "Key", "Ca" }.Select(k => silo.EnvNamed($"SweepGrid__Tls__{k}")?.Value));
        Assert.True(mount.ReadOnly == true);
        Assert.Equal("sweepgrid-tls", secret.SecretName);
        Assert.Equal(Convert.ToInt32("440", 8), secret.DefaultMode);
        Assert.DoesNotContain(render.All<Secret>(), s => s.Metadata.Name == "sweepgrid-tls");
        Assert.Equal(1654L, pod.SecurityContext?.FsGroup);
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_runs_in_cluster_mode_on_the_silo_role_verifying_the_schema_with_its_orleans_ports(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var silo = render.SiloContainer;
        var database = DatabaseSettings.Of(render);

        Assert.Equal("cluster", silo.EnvNamed("SweepGrid__Mode")?.Value);
        Assert.Equal("verify", silo.EnvNamed("SweepGrid__Schema")?.Value);
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(database.Resolve(silo)["SweepGrid__PostgresConnectionString"]);
        Assert.Equal(("sweepgrid-postgres", 5432, "sweepgrid", "sweepgrid_silo"), (connection.Host, connection.Port, connection.Database, connection.Username));
        Assert.Equal(DatabaseSettings.SecretValue(UserSecret.SiloPassword), connection.Password);
        Assert.Equal(Npgsql.SslMode.Prefer, connection.SslMode);
        Assert.Equal(Port(silo, "orleans-silo"), silo.EnvNamed("SweepGrid__SiloPort")?.Value);
        Assert.Equal(Port(silo, "orleans-gateway"), silo.EnvNamed("SweepGrid__GatewayPort")?.Value);
        Assert.Equal("11111", Port(silo, "orleans-silo"));
        Assert.Equal("30000", Port(silo, "orleans-gateway"));
        Assert.Equal("sweepgrid", silo.EnvNamed("SweepGrid__ClusterId")?.Value);
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Termination_grace_period_outlasts_the_silo_shutdown_timeout(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var grace = render.Silo.Template.Spec.TerminationGracePeriodSeconds;
        var shutdown = int.Parse(render.SiloContainer.EnvNamed("DOTNET_SHUTDOWNTIMEOUTSECONDS")?.Value ?? "30", CultureInfo.InvariantCulture);

        Assert.True(grace > shutdown, $"terminationGracePeriodSeconds ({grace}) must exceed the host's shutdown timeout ({shutdown} s)");
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_caches_datasets_on_a_writable_empty_dir(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var data = render.SiloContainer.EnvNamed("SWEEPGRID_DATA")?.Value;
        var mount = render.SiloContainer.VolumeMounts?.SingleOrDefault(m => m.MountPath == data);

        Assert.Equal("/data", data);
        Assert.NotNull(mount);
        Assert.NotEqual(true, mount.ReadOnly);
        Assert.True(KubernetesManifestTests.IsEmptyDir(render.Silo.Template.Spec, mount.Name), $"{data} is not an emptyDir");
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Orleans_ports_accept_connections_only_from_pods_in_the_namespace(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var labels = render.Silo.Template.Metadata.Labels;
        var policies = render.All<NetworkPolicy>()
            .Where(p => p.Spec.PodSelector.Matches(labels) && p.Spec.PolicyTypes!.Contains("Ingress"))
            .ToList();
        Assert.NotEmpty(policies);

        var rules = policies.SelectMany(p => p.Spec.Ingress ?? []).ToList();
        foreach (var name in new[] { "orleans-silo", "orleans-gateway" })
        {
            var port = render.SiloContainer.PortNamed(name)!.ContainerPort;
            var admitting = rules.Where(r => Admits(r, port, name)).ToList();
            Assert.NotEmpty(admitting);
            Assert.All(admitting, r =>
            {
                Assert.NotEmpty(r.From ?? []);
                Assert.All(r.From!, peer => Assert.True(
                    peer is { PodSelector: not null, NamespaceSelector: null, IpBlock: null },
                    $"port {port} admits a peer outside the namespace"));
            });
        }

        Assert.Contains(rules, r => Admits(r, render.SiloContainer.PortNamed("http")!.ContainerPort, "http"));
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Gateway_and_metrics_services_reach_the_silo_pods(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var labels = render.Silo.Template.Metadata.Labels;
        var gateway = render.Single<Service>("sweepgrid-gateway");
        var metrics = render.Single<Service>("sweepgrid-silo-metrics");

        Assert.True(new LabelSelector { MatchLabels = gateway.Spec.Selector }.Matches(labels), "the gateway Service selects the silos");
        Assert.True(new LabelSelector { MatchLabels = metrics.Spec.Selector }.Matches(labels), "the metrics Service selects the silos");
        Assert.Equal((30000, "orleans-gateway"), (gateway.Spec.Ports.Single().Port, gateway.Spec.Ports.Single().TargetPort));
        Assert.Equal(("http", 8080, "http"), (metrics.Spec.Ports.Single().Name, metrics.Spec.Ports.Single().Port, metrics.Spec.Ports.Single().TargetPort));
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Disruption_budget_lets_one_silo_go_at_a_time(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var pdb = render.Single<PodDisruptionBudget>("sweepgrid-silo");

        Assert.True(pdb.Spec.Selector.Matches(render.Silo.Template.Metadata.Labels), "the budget selects the silos");
        Assert.Equal("1", pdb.Spec.MaxUnavailable);
        Assert.True(render.Silo.Spec.Replicas > 1, "a budget of one unavailable needs more than one silo");
    }

    [Theory]
    [MemberData(nameof(SiloDeployments))]
    public async Task Silo_pods_are_annotated_for_prometheus_scraping_of_metrics(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var annotations = render.Silo.Template.Metadata.Annotations!;

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal(Port(render.SiloContainer, "http"), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    private static string? Port(Container c, string name) => c.PortNamed(name)?.ContainerPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether an ingress rule lets traffic reach a container port (no ports listed means every port).</summary>
    private static bool Admits(NetworkPolicyIngressRule rule, int port, string name) =>
        rule.Ports is null or { Count: 0 }
        || rule.Ports.Any(p => p.Port is null || p.Port == name || (int.TryParse(p.Port, out var n) && (p.EndPort is { } end ? n <= port && port <= end : n == port)));
}
