using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Bench.Orchestration;

/// <summary>
/// One silo process of the cluster bench (this program run with <c>--silo-process</c>): the silo's own hosting code in
/// cluster mode on PostgreSQL, every part real except that epochs only wait. It runs until its standard input closes.
/// </summary>
internal static class BenchSilo
{
    public static async Task<int> RunAsync(string connectionString, string clusterId, int slots, int siloPort, int gatewayPort, TimeSpan epoch)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITrialExecutor>(new WaitingExecutor(epoch));
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "cluster";
            o.PostgresConnectionString = connectionString;
            o.Transport = "plaintext";
            o.ClusterId = clusterId;
            o.ServiceId = clusterId;
            o.Slots = $"{slots}";
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
            o.AdvertisedIp = "127.0.0.1";
            o.IdlePollInterval = TimeSpan.FromMilliseconds(50);
        });
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        await host.StopAsync();
        return 0;
    }
}
