using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SweepGrid.Silo.Metrics;

/// <summary>
/// Readiness (/health): healthy only while the Orleans silo has finished starting (its lifecycle reached the
/// Active stage) and membership lists it as Active, so a load balancer or Kubernetes sends work only to a silo
/// that can take grain calls. Liveness (/alive) is a separate check that only needs the process to answer.
/// </summary>
public sealed class SiloReadinessHealthCheck(ISiloStatusOracle membership) : IHealthCheck, ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _started;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(SiloReadinessHealthCheck), ServiceLifecycleStage.Active,
        _ =>
        {
            _started = true;
            return Task.CompletedTask;
        },
        _ =>
        {
            _started = false;
            return Task.CompletedTask;
        });

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(_started && status == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy(_started ? $"silo membership status is {status}" : $"silo not started (membership status {status})"));
    }
}
