using SweepGrid.Tests.Deployment.Kube;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>Every kustomization renders offline into valid objects, and every pod follows the security and resource rules.</summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> Deployables => new(Kustomize.Deployable);

    /// <summary>The deployables that run pods (monitoring only adds a ServiceMonitor and dashboards).</summary>
    public static TheoryData<string> PodDeployables => new(Kustomize.Deployable.Where(d => d != "monitoring"));

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Kustomization_renders_objects_that_pass_schema_and_reference_checks(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        // Add-ons are applied next to an overlay and refer to its objects (the metrics Service); everything may refer
        // to the Secret the user creates.
        IReadOnlyList<KubeObject> context = Kustomize.SiloDeployments.Contains(directory)
            ? [UserSecret.StandIn]
            : [.. (await Kustomize.RenderAsync("base")).Objects, UserSecret.StandIn];

        Assert.NotEmpty(render.Objects);
        Assert.Empty(KubeSchema.Validate(render, context));
    }

    [Theory]
    [MemberData(nameof(PodDeployables))]
    public async Task Every_container_runs_as_non_root_without_privileges_on_a_read_only_root_filesystem(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var violations = new List<string>();
        foreach (var (at, pod, c) in Containers(render))
        {
            var sc = c.SecurityContext;
            var podSc = pod.SecurityContext;
            Check(violations, at, "runAsNonRoot", (sc?.RunAsNonRoot ?? podSc?.RunAsNonRoot) == true);
            Check(violations, at, "a non-zero runAsUser", (sc?.RunAsUser ?? podSc?.RunAsUser) is > 0);
            Check(violations, at, "readOnlyRootFilesystem", sc?.ReadOnlyRootFilesystem == true);
            Check(violations, at, "allowPrivilegeEscalation false", sc?.AllowPrivilegeEscalation == false);
            Check(violations, at, "not privileged", sc?.Privileged != true);
            Check(violations, at, "capabilities drop ALL", sc?.Capabilities?.Drop?.Contains("ALL") == true);
            Check(violations, at, "no added capabilities", sc?.Capabilities?.Add is null or { Count: 0 });
            Check(violations, at, "RuntimeDefault seccomp", (sc?.SeccompProfile ?? podSc?.SeccompProfile)?.Type == "RuntimeDefault");
        }

        Assert.NotEmpty(Containers(render));
        Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(PodDeployables))]
    public async Task Every_container_can_write_tmp_on_an_empty_dir(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var without = Containers(render)
            .Where(x => !(x.Container.VolumeMounts ?? []).Any(m => m.MountPath == "/tmp" && IsEmptyDir(x.Pod, m.Name)))
            .Select(x => x.At);

        Assert.Empty(without);
    }

    [Theory]
    [MemberData(nameof(PodDeployables))]
    public async Task Every_image_is_pinned_to_a_release_tag(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var unpinned = Containers(render).Where(x => !ImageReference.IsPinned(x.Container.Image)).Select(x => $"{x.At}: {x.Container.Image}");

        Assert.Empty(unpinned);
    }

    [Theory]
    [MemberData(nameof(PodDeployables))]
    public async Task Every_container_requests_and_limits_cpu_and_memory(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var missing = new List<string>();
        foreach (var (at, _, c) in Containers(render))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Check(missing, at, $"a {resource} request", c.Resources?.Requests?.ContainsKey(resource) == true);
                Check(missing, at, $"a {resource} limit", c.Resources?.Limits?.ContainsKey(resource) == true);
            }
        }

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(PodDeployables))]
    public async Task No_pod_mounts_a_service_account_token(string directory)
    {
        var render = await Kustomize.RenderAsync(directory);
        var mounting = render.Workloads.Where(w => w.Template.Spec.AutomountServiceAccountToken != false).Select(w => w.Id);

        Assert.Empty(mounting);
    }

    [Fact]
    public async Task Namespace_enforces_the_restricted_pod_security_standard()
    {
        var ns = (await Kustomize.RenderAsync("base")).Single<KubeNamespace>(KubeSchema.Namespace);

        Assert.Equal("restricted", ns.Metadata.Labels!["pod-security.kubernetes.io/enforce"]);
    }

    internal static IEnumerable<(string At, PodSpec Pod, Container Container)> Containers(Rendered render) =>
        render.Workloads.SelectMany(w => w.Template.Spec.AllContainers.Select(c => ($"{render.Directory} {w.Id} container {c.Name}", w.Template.Spec, c)));

    internal static bool IsEmptyDir(PodSpec pod, string volume) =>
        pod.Volumes?.SingleOrDefault(v => v.Name == volume)?.EmptyDir is not null;

    private static void Check(List<string> violations, string at, string rule, bool holds)
    {
        if (!holds)
        {
            violations.Add($"{at}: needs {rule}");
        }
    }
}
