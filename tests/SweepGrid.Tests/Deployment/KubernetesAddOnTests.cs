using System.Text.Json;
using SweepGrid.Tests.Deployment.Kube;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>What is applied next to an overlay: monitoring, the submit Job, and the external-database component.</summary>
public sealed class KubernetesAddOnTests
{
    private const string DashboardsConfigMap = "sweepgrid-grafana-dashboards";

    [Fact]
    public async Task Service_monitor_scrapes_the_silo_metrics_service_on_metrics()
    {
        var monitor = (await Kustomize.RenderAsync("monitoring")).Single<ServiceMonitor>("sweepgrid-silo");
        var services = (await Kustomize.RenderAsync("base")).All<Service>().Where(s => monitor.Spec.Selector.Matches(s.Metadata.Labels));

        Assert.Equal("sweepgrid-silo-metrics", Assert.Single(services).Metadata.Name);
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal(("http", "/metrics"), (endpoint.Port, endpoint.Path));
    }

    [Fact]
    public async Task Dashboards_config_map_holds_grafana_dashboards_for_the_sidecar()
    {
        var map = (await Kustomize.RenderAsync("monitoring")).Single<ConfigMap>(DashboardsConfigMap);

        Assert.Equal("1", map.Metadata.Labels!["grafana_dashboard"]);
        Assert.NotEmpty(map.Data!);
        var uids = map.Data!.Select(entry =>
        {
            Assert.EndsWith(".json", entry.Key, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(entry.Value);
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("panels").ValueKind);
            Assert.NotEmpty(json.RootElement.GetProperty("panels").EnumerateArray());
            return json.RootElement.GetProperty("uid").GetString();
        }).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public async Task Kubernetes_dashboards_mirror_the_grafana_dashboards_directory()
    {
        var map = (await Kustomize.RenderAsync("monitoring")).Single<ConfigMap>(DashboardsConfigMap);
        var copies = JsonFiles(Repository.PathOf("k8s", "monitoring", "dashboards"));
        var sources = JsonFiles(Repository.PathOf("grafana", "dashboards"));
        const string Fix = "run scripts/sync-k8s-dashboards.sh";

        // kustomize reads only below k8s/monitoring, so the ConfigMap is built from copies of grafana/dashboards.
        Assert.True(copies.Keys.Order().SequenceEqual(map.Data!.Keys.Order()), $"the generator must list every file in k8s/monitoring/dashboards; {Fix}");
        if (sources.Count > 0)
        {
            Assert.True(sources.Keys.Order().SequenceEqual(copies.Keys.Order()), $"k8s/monitoring/dashboards must hold exactly grafana/dashboards/*.json; {Fix}");
            Assert.All(sources, s => Assert.True(s.Value == copies[s.Key], $"k8s/monitoring/dashboards/{s.Key} differs from grafana/dashboards; {Fix}"));
        }
    }

    [Fact]
    public async Task Submit_job_submits_the_reference_spec_to_the_cluster_once_through_the_gateway_service()
    {
        var render = await Kustomize.RenderAsync("submit");
        var job = render.Single<Job>("sweepgrid-submit");
        var pod = job.Template.Spec;
        var client = Assert.Single(pod.Containers);
        var gateway = (await Kustomize.RenderAsync("base")).Single<Service>("sweepgrid-gateway");
        var specMount = client.VolumeMounts!.Single(m => m.MountPath == "/specs");
        var specMap = pod.Volumes!.Single(v => v.Name == specMount.Name).ConfigMap!.Name;

        Assert.Equal("sweepgrid/client:0.1.0", client.Image);
        Assert.Null(client.Command);
        Assert.Equal(["submit", "/specs/spec.yaml"], client.Args);
        Assert.Equal($"{gateway.Metadata.Name}:{gateway.Spec.Ports.Single().Port}", client.EnvNamed("SWEEPGRID_CLUSTER")?.Value);
        // No database credential: the only Secret it reads is the optional client token; of the TLS Secret, the CA alone.
        Assert.Equal([("sweepgrid-client", "token", (bool?)true)], (client.Env ?? []).Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .Select(e => (e.ValueFrom!.SecretKeyRef!.Name, e.ValueFrom.SecretKeyRef.Key, e.ValueFrom.SecretKeyRef.Optional)));
        var tls = pod.Volumes!.Single(v => v.Secret is not null).Secret!;
        Assert.Equal("sweepgrid-tls", tls.SecretName);
        Assert.Equal(["ca.crt"], tls.Items!.Select(i => i.Key));
        Assert.Equal("/etc/sweepgrid/tls/ca.crt", client.EnvNamed("SWEEPGRID_TLS_CA")?.Value);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal(Repository.ReadText("examples", "fashion-weight-decay.yaml"), render.Single<ConfigMap>(specMap).Data!["spec.yaml"]);
    }

    [Fact]
    public async Task External_database_component_removes_the_bundled_postgres_and_points_migrate_and_silos_at_the_merged_settings()
    {
        var overlay = Directory.CreateTempSubdirectory("sweepgrid-external-db-");
        try
        {
            // The usage the component documents: include it and merge the database settings.
            File.WriteAllText(Path.Combine(overlay.FullName, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {Path.GetRelativePath(overlay.FullName, Repository.PathOf("k8s", "overlays", "cpu-dev"))}
                components:
                  - {Path.GetRelativePath(overlay.FullName, Repository.PathOf("k8s", "components", "external-database"))}
                configMapGenerator:
                  - name: sweepgrid-database
                    behavior: merge
                    literals:
                      - host=db.example.internal
                      - owner-username=sweepgrid_owner
                      - ssl-mode=VerifyFull
                """);
            var render = await Kustomize.RenderPathAsync(overlay.FullName, "external-database usage");
            var settings = DatabaseSettings.Of(render);
            var silo = new Npgsql.NpgsqlConnectionStringBuilder(settings.Resolve(render.SiloContainer)["SweepGrid__PostgresConnectionString"]);
            var owner = new Npgsql.NpgsqlConnectionStringBuilder(settings.Resolve(render.Single<Job>("sweepgrid-migrate").Template.Spec.Containers.Single())["SweepGrid__Migrate__ConnectionString"]);

            Assert.Empty(KubeSchema.Validate(render, [UserSecret.StandIn]));
            Assert.DoesNotContain(render.Objects, o => o.Metadata.Name == "sweepgrid-postgres");
            Assert.Empty(render.All<Secret>());
            Assert.Equal(("db.example.internal", "sweepgrid_silo", Npgsql.SslMode.VerifyFull), (silo.Host, silo.Username, silo.SslMode));
            Assert.Equal(("db.example.internal", "sweepgrid_owner", Npgsql.SslMode.VerifyFull), (owner.Host, owner.Username, owner.SslMode));
        }
        finally
        {
            overlay.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> JsonFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllText)
            : [];
}
