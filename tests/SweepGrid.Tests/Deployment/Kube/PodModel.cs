namespace SweepGrid.Tests.Deployment.Kube;

internal sealed class PodSpec
{
    public string? ServiceAccountName { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public string? RestartPolicy { get; set; }

    public PodSecurityContext? SecurityContext { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public List<Container>? InitContainers { get; set; }

    public List<Container> Containers { get; set; } = [];

    public List<Volume>? Volumes { get; set; }

    public IEnumerable<Container> AllContainers => (InitContainers ?? []).Concat(Containers);
}

internal sealed class PodSecurityContext
{
    public bool? RunAsNonRoot { get; set; }

    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public long? FsGroup { get; set; }

    public SeccompProfile? SeccompProfile { get; set; }
}

internal sealed class SeccompProfile
{
    public string Type { get; set; } = "";

    public string? LocalhostProfile { get; set; }
}

internal sealed class Toleration
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }
}

internal sealed class Container
{
    public string Name { get; set; } = "";

    public string Image { get; set; } = "";

    public string? ImagePullPolicy { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public string? WorkingDir { get; set; }

    public List<ContainerPortSpec>? Ports { get; set; }

    public List<EnvVar>? Env { get; set; }

    public Probe? StartupProbe { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? LivenessProbe { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public ContainerSecurityContext? SecurityContext { get; set; }

    public List<VolumeMount>? VolumeMounts { get; set; }

    public EnvVar? EnvNamed(string name) => Env?.SingleOrDefault(e => e.Name == name);

    public ContainerPortSpec? PortNamed(string name) => Ports?.SingleOrDefault(p => p.Name == name);
}

internal sealed class ContainerPortSpec
{
    public string? Name { get; set; }

    public int ContainerPort { get; set; }

    public string? Protocol { get; set; }
}

internal sealed class EnvVar
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }

    public EnvVarSource? ValueFrom { get; set; }
}

internal sealed class EnvVarSource
{
    public FieldSelector? FieldRef { get; set; }

    public KeySelector? SecretKeyRef { get; set; }

    public KeySelector? ConfigMapKeyRef { get; set; }

    public ResourceFieldSelector? ResourceFieldRef { get; set; }
}

internal sealed class FieldSelector
{
    public string FieldPath { get; set; } = "";

    public string? ApiVersion { get; set; }
}

internal sealed class KeySelector
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    public bool? Optional { get; set; }
}

internal sealed class ResourceFieldSelector
{
    public string Resource { get; set; } = "";

    public string? ContainerName { get; set; }

    public string? Divisor { get; set; }
}

internal sealed class ResourceRequirements
{
    public Dictionary<string, string>? Requests { get; set; }

    public Dictionary<string, string>? Limits { get; set; }
}

internal sealed class ContainerSecurityContext
{
    public bool? RunAsNonRoot { get; set; }

    public long? RunAsUser { get; set; }

    public long? RunAsGroup { get; set; }

    public bool? ReadOnlyRootFilesystem { get; set; }

    public bool? AllowPrivilegeEscalation { get; set; }

    public bool? Privileged { get; set; }

    public Capabilities? Capabilities { get; set; }

    public SeccompProfile? SeccompProfile { get; set; }
}

internal sealed class Capabilities
{
    public List<string>? Add { get; set; }

    public List<string>? Drop { get; set; }
}

internal sealed class VolumeMount
{
    public string Name { get; set; } = "";

    public string MountPath { get; set; } = "";

    public bool? ReadOnly { get; set; }

    public string? SubPath { get; set; }
}
