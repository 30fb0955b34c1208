namespace SweepGrid.Contracts.Grains;

/// <summary>How a client proves it may use the cluster: a shared token carried in each call's request context.</summary>
public static class ClientToken
{
    /// <summary>Request-context key of the token.</summary>
    public const string RequestContextKey = "sweepgrid-token";

    /// <summary>Environment variable the CLI reads the token from (a Kubernetes Secret mounts it there).</summary>
    public const string EnvironmentVariable = "SWEEPGRID_TOKEN";
}
