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
    public static Task<(TimeSpan Submit, int Queued)> SubmitOnlyAsync(string yaml, string name) =>
        WithSiloAsync(slots: 0, executor: null, async grains =>
        {
            var clock = Stopwatch.StartNew();
            await SubmitAsync(grains, yaml, name);
            var elapsed = clock.Elapsed;
            var snapshot = await grains.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync();
            return (elapsed, snapshot.Queued.Length);
        });

    /// <summary>Submits the spec, waits for completion, returns the wall time from submit to completion.</summary>
    /// <returns>Wall time and this process's CPU-seconds from submit to completion (the silo's start and stop excluded).</returns>
    public static Task<(TimeSpan Wall, TimeSpan Cpu, SweepInfo Sweep)> RunAsync(string yaml, string name, int slots, Func<IServiceProvider, ITrialExecutor>? executor) =>
        WithSiloAsync(slots, executor, async grains =>
        {
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sweep = await SubmitAsync(grains, yaml, name);
            while (true)
            {
                if (await sweep.GetSummaryAsync() is { State: not SweepState.Running } done)
                {
                    var wall = clock.Elapsed;
                    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    return (wall, used, await grains.ReadEpochsAsync(done));
                }
                await Task.Delay(20);
            }
        });

    private static async Task<ISweepGrain> SubmitAsync(IGrainFactory grains, string yaml, string name)
    {
        var sweep = grains.GetGrain<ISweepGrain>(name);
        var submitted = await sweep.SubmitAsync(yaml, "bench");
        return submitted.Accepted ? sweep : throw new InvalidOperationException(string.Join("; ", submitted.Problems));
    }

    /// <summary>Runs <paramref name="body"/> against a fresh embedded silo with its own state directory.</summary>
    private static async Task<T> WithSiloAsync<T>(int slots, Func<IServiceProvider, ITrialExecutor>? executor, Func<IGrainFactory, Task<T>> body)
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
            return await body(host.Services.GetRequiredService<IGrainFactory>());
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
