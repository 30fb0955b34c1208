using System.Collections.Concurrent;

namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>Renders kustomizations under k8s/ with `kubectl kustomize` (offline), once per directory per test run.</summary>
internal static class Kustomize
{
    /// <summary>Everything a user deploys or applies: the base, each overlay and the add-on kustomizations.</summary>
    public static readonly string[] Deployable = ["base", "overlays/cpu-dev", "overlays/gpu", "monitoring", "submit"];

    /// <summary>The deployables that run silos.</summary>
    public static readonly string[] SiloDeployments = ["base", "overlays/cpu-dev", "overlays/gpu"];

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly ConcurrentDictionary<string, Lazy<Task<Rendered>>> Cache = new();

    /// <summary>Renders k8s/<paramref name="directory"/> (relative to k8s/).</summary>
    public static Task<Rendered> RenderAsync(string directory) =>
        Cache.GetOrAdd(directory, d => new Lazy<Task<Rendered>>(() => RenderPathAsync(Repository.PathOf("k8s", d), d))).Value;

    /// <summary>Renders any kustomization directory (e.g. one a test writes), uncached.</summary>
    public static async Task<Rendered> RenderPathAsync(string path, string label)
    {
        var kubectl = ToolRun.Which("kubectl")
            ?? throw new InvalidOperationException("kubectl is not on PATH; the deployment tests render k8s/ with `kubectl kustomize` (works offline).");
        var result = await ToolRun.RunAsync(kubectl, ["kustomize", path], Timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"k8s/{label} does not render: {result.Describe()}");
        }

        return new Rendered(label, result.Stdout, KubeManifests.Parse(result.Stdout, $"k8s/{label}"));
    }
}
