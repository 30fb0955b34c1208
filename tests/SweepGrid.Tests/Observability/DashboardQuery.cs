using System.Text.Json.Nodes;

namespace SweepGrid.Tests.Observability;

/// <summary>One PromQL expression of a dashboard panel, with Grafana's variables substituted for a real query.</summary>
internal sealed record DashboardQuery(string Dashboard, int PanelId, string Panel, string Expr)
{
    /// <summary>GPU panels read NVIDIA DCGM exporter series, which exist only on GPU hosts.</summary>
    public bool NeedsGpu => Expr.Contains("DCGM_", StringComparison.Ordinal);

    public string Substituted(string sweep) => Expr
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__interval", "5s", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("${sweep}", sweep, StringComparison.Ordinal)
        .Replace("$sweep", sweep, StringComparison.Ordinal);

    public override string ToString() => $"{System.IO.Path.GetFileName(Dashboard)} panel {PanelId} '{Panel}': {Expr}";

    public static IReadOnlyList<DashboardQuery> All() => [.. RepositoryFiles.Dashboards().SelectMany(Of)];

    public static IEnumerable<DashboardQuery> Of(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        return Panels(root).SelectMany(p => (p["targets"]?.AsArray() ?? []).Select(t => t!["expr"]?.GetValue<string>())
            .OfType<string>()
            .Select(e => new DashboardQuery(file, p["id"]!.GetValue<int>(), p["title"]?.GetValue<string>() ?? "", e)));
    }

    /// <summary>Every panel, those nested in rows included.</summary>
    public static IEnumerable<JsonNode> Panels(JsonNode dashboard) =>
        (dashboard["panels"]?.AsArray() ?? []).OfType<JsonNode>().SelectMany(p => (p["panels"]?.AsArray() ?? []).OfType<JsonNode>().Prepend(p));
}
