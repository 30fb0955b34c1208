namespace SweepGrid.Tests.Deployment.Kube;

internal sealed class Probe
{
    public HttpGetAction? HttpGet { get; set; }

    public ExecAction? Exec { get; set; }

    public TcpSocketAction? TcpSocket { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? SuccessThreshold { get; set; }

    public int? FailureThreshold { get; set; }
}

internal sealed class HttpGetAction
{
    public string? Path { get; set; }

    /// <summary>A number or the name of a container port (int-or-string).</summary>
    public string Port { get; set; } = "";

    public string? Scheme { get; set; }
}

internal sealed class ExecAction
{
    public List<string> Command { get; set; } = [];
}

internal sealed class TcpSocketAction
{
    public string Port { get; set; } = "";
}

internal sealed class Volume
{
    public string Name { get; set; } = "";

    public EmptyDirVolumeSource? EmptyDir { get; set; }

    public ConfigMapVolumeSource? ConfigMap { get; set; }

    public SecretVolumeSource? Secret { get; set; }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }

    public int SourceCount => new object?[] { EmptyDir, ConfigMap, Secret, PersistentVolumeClaim }.Count(s => s is not null);
}

internal sealed class EmptyDirVolumeSource
{
    public string? Medium { get; set; }

    public string? SizeLimit { get; set; }
}

internal sealed class ConfigMapVolumeSource
{
    public string Name { get; set; } = "";

    public bool? Optional { get; set; }
}

internal sealed class SecretVolumeSource
{
    public string SecretName { get; set; } = "";

    public bool? Optional { get; set; }

    /// <summary>File mode of the projected keys (YAML reads 0440 as octal).</summary>
    public int? DefaultMode { get; set; }

    /// <summary>Only these keys, at these paths; null: every key of the Secret.</summary>
    public List<KeyToPath>? Items { get; set; }
}

internal sealed class KeyToPath
{
    public string Key { get; set; } = "";

    public string Path { get; set; } = "";
}

internal sealed class PersistentVolumeClaimVolumeSource
{
    public string ClaimName { get; set; } = "";

    public bool? ReadOnly { get; set; }
}
