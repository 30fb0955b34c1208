using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;

namespace SweepGrid.Bench.Orchestration;

/// <summary>An embedded one-silo cluster (file storage, as `sweepgrid run` uses) with a chosen executor.</summary>
internal static class BenchCluster
{
    /// <summary>
    /// Submits the spec to a silo without slots (nothing trains) and returns how long the submit call took, and how
    /// many trials the scheduler then held queued.
    /// </summary>
    public static async Task<(TimeSpan Submit, int Queued)> SubmitOnlyAsync(string yaml, string name)
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "embedded";
            o.RunDirectory = dir;
            o.Slots = "0";
            o.SiloPort = FreePort();
            o.GatewayPort = FreePort();
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var clock = Stopwatch.StartNew();
            var submitted = await grains.GetGrain<ISweepGrain>(name).SubmitAsync(yaml, "bench");
            var elapsed = clock.Elapsed;
            if (!submitted.Accepted)
            {
                throw new InvalidOperationException(string.Join("; ", submitted.Problems));
            }
            var snapshot = await grains.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync();
            return (elapsed, snapshot.Queued.Length);
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Submits the spec, waits for completion, returns the wall time from submit to completion.</summary>
    public static async Task<(TimeSpan Wall, SweepInfo Sweep)> RunAsync(string yaml, string name, int slots, Func<IServiceProvider, ITrialExecutor>? executor)
    {
        var dir = Directory.CreateTempSubdirectory("sweepgrid-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (executor is not null)
        {
            builder.Services.AddSingleton(executor);
        }
        builder.AddSweepGridSilo(o =>
        {
            o.Mode = "embedded";
            o.RunDirectory = dir;
            o.Slots = $"{slots}";
            o.SiloPort = FreePort();
            o.GatewayPort = FreePort();
            o.IdlePollInterval = TimeSpan.FromMilliseconds(50);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var sweep = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISweepGrain>(name);
            var clock = Stopwatch.StartNew();
            var submitted = await sweep.SubmitAsync(yaml, "bench");
            if (!submitted.Accepted)
            {
                throw new InvalidOperationException(string.Join("; ", submitted.Problems));
            }
            while (true)
            {
                var info = await sweep.GetAsync();
                if (info is { State: not SweepState.Running })
                {
                    return (clock.Elapsed, info);
                }
                await Task.Delay(20);
            }
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
