using System.Text.Json.Nodes;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace SweepGrid.Tests.Observability;

/// <summary>The committed Grafana and Prometheus files are consistent and accepted by Prometheus' own checker.</summary>
[Collection(nameof(ObservabilityCollection))]
public sealed class GrafanaFilesTests
{
    [Fact]
    public async Task Prometheus_config_for_local_runs_passes_promtool_check()
    {
        await PrometheusServer.EnsureInstalledAsync();
        var (code, output) = await Shell.TryRunAsync(PrometheusServer.Promtool, ["check", "config", RepositoryFiles.Path("grafana", "prometheus.yml")], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"promtool check config failed ({code}):\n{output}");
    }

    [Fact]
    public void Dashboards_are_valid_json_with_unique_uids_and_panel_ids_and_use_the_provisioned_datasource()
    {
        var uid = ProvisionedDatasourceUid();
        var dashboards = RepositoryFiles.Dashboards();
        Assert.Equal(["cluster.json", "sweep.json"], dashboards.Select(Path.GetFileName));
        var uids = new List<string>();
        foreach (var file in dashboards)
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!;
            uids.Add(root["uid"]!.GetValue<string>());
            var panels = DashboardQuery.Panels(root).ToList();
            var ids = panels.Select(p => p["id"]!.GetValue<int>()).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{file}: duplicate panel ids {string.Join(",", ids)}");
            var sources = panels.Select(p => p["datasource"]?["uid"]?.GetValue<string>())
                .Concat(panels.SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => t!["datasource"]?["uid"]?.GetValue<string>())))
                .Concat((root["templating"]?["list"]?.AsArray() ?? []).Select(v => v!["datasource"]?["uid"]?.GetValue<string>()));
            Assert.All(sources, s => Assert.Equal(uid, s));
            Assert.All(panels, p => Assert.NotEmpty(p["targets"]!.AsArray()));
        }
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public void Dashboard_provider_serves_the_dashboards_folder_from_files()
    {
        var provider = (YamlMappingNode)((YamlSequenceNode)Load("grafana", "provisioning", "dashboards", "sweepgrid.yaml")["providers"])[0];
        Assert.Equal("file", provider["type"].ToString());
        Assert.Equal("/var/lib/grafana/dashboards", ((YamlMappingNode)provider["options"])["path"].ToString());
    }

    private static string ProvisionedDatasourceUid()
    {
        var sources = (YamlSequenceNode)Load("grafana", "provisioning", "datasources", "prometheus.yaml")["datasources"];
        var prometheus = sources.Cast<YamlMappingNode>().Single(d => d["type"].ToString() == "prometheus");
        return prometheus["uid"].ToString();
    }

    private static YamlMappingNode Load(params string[] path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(RepositoryFiles.Path(path));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
