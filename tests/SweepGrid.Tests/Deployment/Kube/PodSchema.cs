using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>Checks of a pod template: containers, ports, env, probes, resources, volumes and their references.</summary>
internal static partial class PodSchema
{
    private static readonly HashSet<string> DownwardFields =
        ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.podIP", "status.podIPs"];

    private static readonly HashSet<string> ResourceNames = ["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"];

    public static void Validate(string at, PodSpec pod, List<KubeObject> known, List<string> problems)
    {
        if (pod.Containers.Count == 0)
        {
            problems.Add($"{at}: no containers");
        }

        var volumes = pod.Volumes ?? [];
        foreach (var volume in volumes)
        {
            if (volume.SourceCount != 1 || !KubeNames.IsDnsLabel(volume.Name))
            {
                problems.Add($"{at}: volume '{volume.Name}' needs a valid name and exactly one source");
            }

            if (volume.ConfigMap is { } cm && !known.OfType<ConfigMap>().Any(c => c.Metadata.Name == cm.Name))
            {
                problems.Add($"{at}: volume '{volume.Name}' refers to ConfigMap {cm.Name}, which is not rendered");
            }
        }

        Unique(at, "volume", volumes.Select(v => v.Name), problems);
        Unique(at, "container", pod.AllContainers.Select(c => c.Name), problems);
        if (pod.ServiceAccountName is { } sa && !known.OfType<ServiceAccount>().Any(a => a.Metadata.Name == sa))
        {
            problems.Add($"{at}: serviceAccountName {sa} is not rendered");
        }

        foreach (var t in pod.Tolerations ?? [])
        {
            if (t.Operator is not (null or "Exists" or "Equal") || t.Effect is not (null or "NoSchedule" or "PreferNoSchedule" or "NoExecute")
                || (t.Operator == "Exists" && t.Value is not null))
            {
                problems.Add($"{at}: toleration {t.Key} {t.Operator} {t.Value} {t.Effect} is not valid");
            }
        }

        var claims = known.OfType<StatefulSet>().SelectMany(s => s.Spec.VolumeClaimTemplates ?? []).Select(c => c.Metadata.Name).ToHashSet();
        foreach (var container in pod.AllContainers)
        {
            ValidateContainer($"{at} container {container.Name}", container, volumes.Select(v => v.Name).Concat(claims).ToHashSet(), known, problems);
        }
    }

    /// <summary>Whether a port (a number or a name) is a container port of the pod.</summary>
    public static bool ExposesPort(PodSpec pod, string port) =>
        pod.Containers.SelectMany(c => c.Ports ?? []).Any(p =>
            p.Name == port || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port);

    private static void ValidateContainer(string at, Container c, HashSet<string> volumes, List<KubeObject> known, List<string> problems)
    {
        if (!KubeNames.IsDnsLabel(c.Name) || string.IsNullOrWhiteSpace(c.Image))
        {
            problems.Add($"{at}: needs a valid name and an image");
        }

        if (c.ImagePullPolicy is not (null or "Always" or "IfNotPresent" or "Never"))
        {
            problems.Add($"{at}: imagePullPolicy {c.ImagePullPolicy} is not valid");
        }

        foreach (var port in c.Ports ?? [])
        {
            if (!KubeNames.IsPort(port.ContainerPort) || (port.Name is not null && !KubeNames.IsPortName(port.Name)) || port.Protocol is not (null or "TCP" or "UDP" or "SCTP"))
            {
                problems.Add($"{at}: port {port.Name}={port.ContainerPort}/{port.Protocol} is not valid");
            }
        }

        Unique(at, "port name", (c.Ports ?? []).Select(p => p.Name).OfType<string>(), problems);
        ValidateEnv(at, c.Env ?? [], known, problems);
        foreach (var (kind, probe) in new[] { ("startup", c.StartupProbe), ("readiness", c.ReadinessProbe), ("liveness", c.LivenessProbe) })
        {
            if (probe is not null)
            {
                ValidateProbe($"{at} {kind} probe", probe, c, problems);
            }
        }

        ValidateResources(at, c.Resources, problems);
        foreach (var mount in c.VolumeMounts ?? [])
        {
            if (!volumes.Contains(mount.Name) || !mount.MountPath.StartsWith('/'))
            {
                problems.Add($"{at}: mount of '{mount.Name}' at '{mount.MountPath}' needs a declared volume and an absolute path");
            }
        }

        Unique(at, "mount path", (c.VolumeMounts ?? []).Select(m => m.MountPath), problems);
    }

    private static void ValidateEnv(string at, List<EnvVar> env, List<KubeObject> known, List<string> problems)
    {
        Unique(at, "env", env.Select(e => e.Name), problems);
        var defined = new HashSet<string>();
        foreach (var e in env)
        {
            var source = e.ValueFrom;
            var sources = source is null ? 0 : new object?[] { source.FieldRef, source.SecretKeyRef, source.ConfigMapKeyRef, source.ResourceFieldRef }.Count(s => s is not null);
            if (!KubeNames.IsEnvName(e.Name) || (e.Value is null) == (source is null) || (source is not null && sources != 1))
            {
                problems.Add($"{at}: env {e.Name} needs a valid name and exactly one of value or a single valueFrom source");
            }

            if (source?.FieldRef is { } field && !DownwardFields.Contains(field.FieldPath))
            {
                problems.Add($"{at}: env {e.Name} uses fieldPath {field.FieldPath}, which the downward API does not offer as env");
            }

            // An optional key (a feature the user turns on by creating its Secret) may be absent from the render.
            if (source?.SecretKeyRef is { Optional: not true } secret && !known.OfType<Secret>().Any(s => s.Metadata.Name == secret.Name && s.HasKey(secret.Key)))
            {
                problems.Add($"{at}: env {e.Name} refers to Secret {secret.Name} key {secret.Key}, which is not rendered");
            }

            if (source?.ConfigMapKeyRef is { } cm && !known.OfType<ConfigMap>().Any(m => m.Metadata.Name == cm.Name && (m.Data?.ContainsKey(cm.Key) ?? false)))
            {
                problems.Add($"{at}: env {e.Name} refers to ConfigMap {cm.Name} key {cm.Key}, which is not rendered");
            }

            // The kubelet expands $(NAME) only for variables defined earlier in the list; later ones stay literal.
            foreach (Match reference in Reference().Matches(e.Value ?? ""))
            {
                if (!defined.Contains(reference.Groups[1].Value))
                {
                    problems.Add($"{at}: env {e.Name} refers to $({reference.Groups[1].Value}), which is not defined before it");
                }
            }

            defined.Add(e.Name);
        }
    }

    private static void ValidateProbe(string at, Probe probe, Container c, List<string> problems)
    {
        var handlers = new object?[] { probe.HttpGet, probe.Exec, probe.TcpSocket }.Count(h => h is not null);
        if (handlers != 1)
        {
            problems.Add($"{at}: needs exactly one handler (httpGet, exec or tcpSocket), has {handlers}");
        }

        if (probe.HttpGet is { } get && (get.Path?.StartsWith('/') != true || !PortOf(c, get.Port)))
        {
            problems.Add($"{at}: httpGet needs an absolute path and a container port, has '{get.Path}' on '{get.Port}'");
        }

        if (probe.TcpSocket is { } tcp && !PortOf(c, tcp.Port))
        {
            problems.Add($"{at}: tcpSocket port '{tcp.Port}' is not a container port");
        }

        if (probe.Exec is { Command.Count: 0 })
        {
            problems.Add($"{at}: exec needs a command");
        }

        if (new[] { probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold, probe.SuccessThreshold }.Any(v => v is < 1) || probe.InitialDelaySeconds is < 0)
        {
            problems.Add($"{at}: periods, timeouts and thresholds must be positive");
        }
    }

    private static bool PortOf(Container c, string port) =>
        int.TryParse(port, out var number) ? KubeNames.IsPort(number) : c.PortNamed(port) is not null;

    private static void ValidateResources(string at, ResourceRequirements? resources, List<string> problems)
    {
        var requests = resources?.Requests ?? [];
        var limits = resources?.Limits ?? [];
        foreach (var (name, value) in requests.Concat(limits))
        {
            if (!ResourceNames.Contains(name) || !Quantity.TryParse(value, out var amount) || amount < 0
                || (name.Contains('/', StringComparison.Ordinal) && amount != decimal.Truncate(amount)))
            {
                problems.Add($"{at}: resource {name}={value} is not a valid quantity");
            }
        }

        foreach (var (name, request) in requests)
        {
            if (limits.TryGetValue(name, out var limit) && Quantity.TryParse(request, out var r) && Quantity.TryParse(limit, out var l)
                && (r > l || (name.Contains('/', StringComparison.Ordinal) && r != l)))
            {
                problems.Add($"{at}: {name} request {request} exceeds (or, for an extended resource, differs from) its limit {limit}");
            }
        }
    }

    private static void Unique(string at, string what, IEnumerable<string> names, List<string> problems)
    {
        foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
        {
            problems.Add($"{at}: {what} '{duplicate.Key}' appears {duplicate.Count()} times");
        }
    }

    [GeneratedRegex(@"(?<!\$)\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)")]
    private static partial Regex Reference();
}
