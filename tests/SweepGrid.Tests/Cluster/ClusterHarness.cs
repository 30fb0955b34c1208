using SweepGrid.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Options;
using SweepGrid.Tests.Cluster.Faults;

namespace SweepGrid.Tests.Cluster;

/// <summary>
/// An in-process Orleans cluster of real silos (separate hosts in this process) running SweepGrid with real
/// training on the committed MNIST subset. Grain state and checkpoints live in files every silo can read, as
/// PostgreSQL would be in a real cluster. Membership timeouts are short so a killed silo is noticed quickly.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private ClusterHarness(InProcessTestCluster cluster, string dir, ClusterRecorder recorder)
    {
        Cluster = cluster;
        Directory = dir;
        Recorder = recorder;
    }

    public InProcessTestCluster Cluster { get; }
    public string Directory { get; }
    public ClusterRecorder Recorder { get; }
    public IClusterClient Client => Cluster.Client;

    /// <param name="slots">Slots of each silo, in start order (0 = control silo).</param>
    public static Task<ClusterHarness> StartAsync(params int[] slots) => StartAsync(null, slots);

    /// <param name="faults">Faults injected into storage and grain calls of every silo (see <see cref="FaultPlan"/>).</param>
    /// <param name="slots">Slots of each silo, in start order (0 = control silo); silos added later get 1.</param>
    public static Task<ClusterHarness> StartAsync(FaultPlan? faults, params int[] slots) => StartAsync(faults, null, slots);

    /// <param name="faults">Faults injected into storage and grain calls of every silo (see <see cref="FaultPlan"/>).</param>
    /// <param name="configure">Adjusts every silo's options.</param>
    /// <param name="slots">Slots of each silo, in start order (0 = control silo); silos added later get 1.</param>
    public static async Task<ClusterHarness> StartAsync(FaultPlan? faults, Action<SweepGridSiloOptions>? configure, params int[] slots)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("sweepgrid-cluster-").FullName;
        var recorder = new ClusterRecorder();
        var builder = new InProcessTestClusterBuilder((short)slots.Length);
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            var index = IndexOf(siloOptions.SiloName);
            var options = new SweepGridSiloOptions
            {
                Mode = "embedded",
                RunDirectory = dir,
                Slots = (index < slots.Length ? slots[index] : 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                WatchdogInterval = TimeSpan.FromMilliseconds(500),
                IdlePollInterval = TimeSpan.FromMilliseconds(50),
                ReconcileInterval = TimeSpan.FromSeconds(1),
                LeaseStartGrace = TimeSpan.FromSeconds(2),
            };
            configure?.Invoke(options);
            silo.Configure<ClusterMembershipOptions>(m =>
            {
                m.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                m.NumMissedProbesLimit = 2;
                m.NumVotesForDeathDeclaration = 1;
                m.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Services.AddSingleton<ITrialExecutor>(sp => new RecordingExecutor(
                new TorchTrialExecutor(sp.GetRequiredService<DataCache>(), sp.GetRequiredService<ICheckpointStore>()), recorder));
            silo.AddSweepGridGrains(options, new FileCheckpointStore(Path.Combine(dir, "checkpoints")), new FileEpochStore(Path.Combine(dir, "epochs")));
            if (faults is null)
            {
                silo.AddFileGrainStorage(Path.Combine(dir, "state"));
            }
            else
            {
                silo.Services.AddSingleton(faults);
                silo.AddIncomingGrainCallFilter<TrialCallFilter>();
                silo.AddOutgoingGrainCallFilter<RequeueBeforeReportFilter>();
                silo.AddFileGrainStorage(Path.Combine(dir, "state"), (_, files) => new FaultyGrainStorage(files, faults));
            }
            silo.UseInMemoryReminderService();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ClusterHarness(cluster, dir, recorder);
    }

    public static string Spec(string name, string weightDecays, int epochs, string extra = "", int hidden = 64) => $$"""
        name: {{name}}
        data: { dataset: mnist, dir: {{TestData.Root}} }
        model: { hidden: [{{hidden}}], activation: relu }
        optimizer: { lr: 0.05, momentum: 0.9 }
        sweep: { weight_decay: [{{weightDecays}}] }
        epochs: {{epochs}}
        batch_size: 64
        resources: { device: cpu, fuse: off, max_failures: 1 }
        {{extra}}
        """;

    /// <summary>Silos are named Primary, Secondary_1, Secondary_2, … in start order.</summary>
    public static int IndexOf(string siloName) =>
        siloName == "Primary" ? 0 : int.Parse(siloName[(siloName.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The silo started n-th (0-based).</summary>
    public InProcessSiloHandle Silo(int n) => Cluster.Silos.Single(s => IndexOf(s.Name) == n);

    public ISweepGrain Sweep(string id) => Client.GetGrain<ISweepGrain>(id);

    public SlotState SlotsOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<SlotState>();

    /// <summary>Slot silos still up: a silo being killed on another thread may already have lost its services.</summary>
    public IReadOnlyList<(InProcessSiloHandle Silo, SlotState Slots)> LiveSlotSilos()
    {
        var live = new List<(InProcessSiloHandle, SlotState)>();
        foreach (var s in Cluster.Silos.ToArray())
        {
            try
            {
                if (SlotsOf(s) is { Total: > 0 } slots)
                {
                    live.Add((s, slots));
                }
            }
            catch (ObjectDisposedException)
            {
                // Going down.
            }
        }
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
