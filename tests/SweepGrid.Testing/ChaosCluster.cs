using System.Collections.Immutable;
using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// N silo processes (cluster mode, one slot each) on a private PostgreSQL, a client, and the faults: kill -9 of
/// one silo, of the scheduler's host or of all of them, each restarted on its own ports, and the database cut off.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly TextWriter _log;
    private readonly List<SiloProcess> _silos;
    private ClusterConnection _client;

    private ChaosCluster(PrivatePostgres postgres, string clusterId, List<SiloProcess> silos, ClusterConnection client, TextWriter log)
    {
        Postgres = postgres;
        ClusterId = clusterId;
        _silos = silos;
        _client = client;
        _log = log;
    }

    public PrivatePostgres Postgres { get; }
    public string ClusterId { get; }
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The current client; replaced after a whole-cluster kill, so read it for every call.</summary>
    public IGrainFactory Grains => _client.Grains;

    /// <param name="extraSiloEnvironment">More silo settings (e.g. SweepGrid__MaxFuse) for every silo.</param>
    /// <param name="logDirectory">When set, each silo's whole output goes to silo-PORT.log there.</param>
    public static async Task<ChaosCluster> StartAsync(int silos, TextWriter log, IReadOnlyDictionary<string, string>? extraSiloEnvironment = null, string? logDirectory = null)
    {
        var postgres = await PrivatePostgres.StartAsync();
        var clusterId = $"chaos-{Guid.NewGuid():N}"[..16];
        var env = new Dictionary<string, string>
        {
            // Three silos train at once on few cores: idle OpenMP threads must sleep, not spin against each other.
            ["OMP_WAIT_POLICY"] = "PASSIVE",
        };
        foreach (var (k, v) in extraSiloEnvironment ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        if (logDirectory is not null)
        {
            Directory.CreateDirectory(logDirectory);
        }
        var started = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var file = logDirectory is null ? null : Path.Combine(logDirectory, $"silo-{i}.log");
                started.Add(SiloProcess.Start(postgres.ConnectionString, clusterId, slots: 1, env, file));
            }
            await Task.WhenAll(started.Select(s => s.WaitHealthyAsync(StartTimeout)));
            var client = await ConnectAsync(postgres.ConnectionString, clusterId);
            log.WriteLine($"cluster {clusterId}: {silos} silos on ports {string.Join(", ", started.Select(s => s.SiloPort))}, PostgreSQL on {postgres.Port}");
            return new ChaosCluster(postgres, clusterId, started, client, log);
        }
        catch
        {
            started.ForEach(s => s.Dispose());
            await postgres.DisposeAsync();
            throw;
        }
    }

    public ISweepGrain Sweep(string sweepId) => Grains.GetGrain<ISweepGrain>(sweepId);

    public Task<SchedulerSnapshot> SchedulerAsync() => Grains.GetGrain<ISchedulerGrain>(0).GetSnapshotAsync();

    /// <summary>The silo hosting the scheduler grain now (activating it if need be).</summary>
    public async Task<SiloProcess> SchedulerHostAsync()
    {
        var host = (await SchedulerAsync()).Host;
        return _silos.SingleOrDefault(s => s.Is(host)) ?? throw new InvalidOperationException($"the scheduler runs on {host}, none of {string.Join(", ", _silos.Select(s => s.SiloPort))}");
    }

    /// <summary>The silo named by a trial's or the scheduler's silo address.</summary>
    public SiloProcess? SiloOf(string? address) => _silos.SingleOrDefault(s => s.Is(address));

    /// <summary>kill -9 of one silo, then its restart on the same ports; returns when it is healthy again.</summary>
    public async Task KillAndRestartAsync(SiloProcess silo)
    {
        silo.KillHard();
        _log.WriteLine($"{Now}: killed silo :{silo.SiloPort}");
        silo.Restart();
        await silo.WaitHealthyAsync(StartTimeout);
        _log.WriteLine($"{Now}: silo :{silo.SiloPort} healthy again (start {silo.Starts})");
    }

    /// <summary>
    /// kill -9 of every silo at once, then all restarted. The client lost every gateway, so a new one connects
    /// as soon as the first silo serves: readers see the recovery when it happens, not when the last silo is up.
    /// </summary>
    public async Task KillAllAndRestartAsync()
    {
        Parallel.ForEach(_silos, s => s.KillHard());
        _log.WriteLine($"{Now}: killed all {_silos.Count} silos");
        foreach (var s in _silos)
        {
            s.Restart();
        }
        var healthy = _silos.Select(s => s.WaitHealthyAsync(StartTimeout)).ToList();
        await await Task.WhenAny(healthy);
        var old = _client;
        _client = await ConnectAsync(Postgres.ConnectionString, ClusterId);
        await old.DisposeAsync();
        _log.WriteLine($"{Now}: client reconnected");
        await Task.WhenAll(healthy);
        _log.WriteLine($"{Now}: all silos healthy again");
    }

    /// <summary>pg_ctl -m immediate, <paramref name="outage"/> of no database, then the same server again.</summary>
    /// <returns>When the database was back.</returns>
    public async Task<DateTime> CutPostgresOffAsync(TimeSpan outage)
    {
        await Postgres.StopImmediatelyAsync();
        _log.WriteLine($"{Now}: PostgreSQL stopped (immediate) for {outage.TotalSeconds:F0}s");
        // The outage itself is the fault being injected, not a wait standing in for a condition.
        await Task.Delay(outage);
        await Postgres.StartAgainAsync();
        var back = DateTime.UtcNow;
        _log.WriteLine($"{Now}: PostgreSQL back");
        return back;
    }

    /// <summary>Every trial as its own grain stores it (the truth), not the sweep's cached view.</summary>
    public async Task<ImmutableArray<TrialInfo>> StoredTrialsAsync(string sweepId, IEnumerable<string> trialIds)
    {
        var infos = await Task.WhenAll(trialIds.Select(id => Grains.ReadTrialAsync(sweepId, id)));
        return [.. infos.Select((t, i) => t ?? throw new InvalidOperationException($"trial {trialIds.ElementAt(i)} of {sweepId} has no stored state"))];
    }

    /// <summary>Every silo's recent output, for a failure message or a log file.</summary>
    public string Logs() => string.Join('\n', _silos.Select(s => $"--- silo :{s.SiloPort} ({s.Starts} starts)\n{s.Log}"));

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var s in _silos)
        {
            s.Dispose();
        }
        await Postgres.DisposeAsync();
    }

    private static string Now => $"{DateTime.UtcNow:HH:mm:ss.fff}Z";

    private static Task<ClusterConnection> ConnectAsync(string connectionString, string clusterId) =>
        ClusterConnection.ConnectAsync(connectionString, clusterId, clusterId, TimeSpan.FromSeconds(30), CancellationToken.None);
}
