namespace SweepGrid.Tests.Deployment.Kube;

internal sealed class NetworkPolicy : KubeObject
{
    public NetworkPolicySpec Spec { get; set; } = new();
}

internal sealed class NetworkPolicySpec
{
    public LabelSelector PodSelector { get; set; } = new();

    public List<string>? PolicyTypes { get; set; }

    public List<NetworkPolicyIngressRule>? Ingress { get; set; }

    public List<NetworkPolicyEgressRule>? Egress { get; set; }
}

internal sealed class NetworkPolicyIngressRule
{
    /// <summary>Absent or empty: from everywhere.</summary>
    public List<NetworkPolicyPeer>? From { get; set; }

    /// <summary>Absent or empty: every port.</summary>
    public List<NetworkPolicyPort>? Ports { get; set; }
}

internal sealed class NetworkPolicyEgressRule
{
    public List<NetworkPolicyPeer>? To { get; set; }

    public List<NetworkPolicyPort>? Ports { get; set; }
}

internal sealed class NetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; set; }

    public LabelSelector? NamespaceSelector { get; set; }

    public IpBlock? IpBlock { get; set; }
}

internal sealed class IpBlock
{
    public string Cidr { get; set; } = "";

    public List<string>? Except { get; set; }
}

internal sealed class NetworkPolicyPort
{
    public string? Protocol { get; set; }

    /// <summary>A number or a named port (int-or-string).</summary>
    public string? Port { get; set; }

    public int? EndPort { get; set; }
}
