using SweepGrid.Contracts.Sweeps;
using SweepGrid.Tests.Cluster;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Observability;

/// <summary>
/// A real silo serving /metrics, a real Prometheus scraping it every second, and one short sweep (two weight
/// decays, three epochs, real training on the committed MNIST subset) submitted through the grains and finished.
/// </summary>
public sealed class ObservedSweepFixture : IAsyncLifetime
{
    public const string SweepId = "observed";
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(5);

    private ObservedSilo? _silo;
    private PrometheusServer? _prometheus;

    internal ObservedSilo Silo => _silo ?? throw new InvalidOperationException("not started");
    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");
    public SweepInfo Done { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _silo = await ObservedSilo.StartAsync();
        _prometheus = await PrometheusServer.StartAsync(_silo.Target);
        var submit = await _silo.Sweep(SweepId).SubmitAsync(ClusterHarness.Spec(SweepId, "5e-2, 5e-4", epochs: 3), "test");
        if (!submit.Accepted)
        {
            throw new InvalidOperationException($"spec rejected: {string.Join("; ", submit.Problems)}");
        }
        Done = await _silo.Grains.WaitForSweepAsync(SweepId, s => s.State == SweepState.Completed, "the sweep to complete", SweepTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
