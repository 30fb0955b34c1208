namespace SweepGrid.Tests.Deployment.Kube;

internal sealed class Service : KubeObject
{
    public ServiceSpec Spec { get; set; } = new();
}

internal sealed class ServiceSpec
{
    public string? Type { get; set; }

    public string? ClusterIP { get; set; }

    public bool? PublishNotReadyAddresses { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public List<ServicePort> Ports { get; set; } = [];
}

internal sealed class ServicePort
{
    public string? Name { get; set; }

    public int Port { get; set; }

    /// <summary>A number or the name of a container port (int-or-string).</summary>
    public string? TargetPort { get; set; }

    public string? Protocol { get; set; }
}

/// <summary>monitoring.coreos.com/v1 ServiceMonitor (Prometheus Operator).</summary>
internal sealed class ServiceMonitor : KubeObject
{
    public ServiceMonitorSpec Spec { get; set; } = new();
}

internal sealed class ServiceMonitorSpec
{
    public LabelSelector Selector { get; set; } = new();

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];

    public ServiceMonitorNamespaceSelector? NamespaceSelector { get; set; }
}

internal sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }

    public string? Path { get; set; }

    public string? Interval { get; set; }
}

internal sealed class ServiceMonitorNamespaceSelector
{
    public List<string>? MatchNames { get; set; }

    public bool? Any { get; set; }
}
