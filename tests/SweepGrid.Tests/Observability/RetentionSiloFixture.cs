using Xunit;

namespace SweepGrid.Tests.Observability;

/// <summary>A silo without slots whose series live 2 s after they end, at most 4 trials live per set of instruments; Prometheus scraping it.</summary>
public sealed class RetentionSiloFixture : IAsyncLifetime
{
    private ObservedSilo? _silo;
    private PrometheusServer? _prometheus;

    internal ObservedSilo Silo => _silo ?? throw new InvalidOperationException("not started");
    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _silo = await ObservedSilo.StartAsync(o =>
        {
            o.Slots = "0";
            o.MetricsRetention = TimeSpan.FromSeconds(2);
            o.MetricsTrialLimit = 4;
        });
        _prometheus = await PrometheusServer.StartAsync(_silo.Target);
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
