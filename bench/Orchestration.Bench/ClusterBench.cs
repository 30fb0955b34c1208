using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Storage.PostgreSql;
using SweepGrid.Testing;

namespace SweepGrid.Bench.Orchestration;

/// <summary>
/// The cluster-mode run: a private PostgreSQL, three silo processes of this program (<see cref="BenchSilo"/>) with the
/// slots split between them, a client in this process and a real <c>sweepgrid watch</c> process per round. Reports wall
/// time over the ideal, submit time, bytes written to PostgreSQL per epoch early and late in a long trial, silo memory
/// before and after, and CPU-seconds of the silos, PostgreSQL and the watcher (the epochs only wait, so every CPU-second
/// the silos spend is orchestration).
/// </summary>
internal static class ClusterBench
{
    private const string ClusterId = "sweepgrid-bench";
    private static readonly double Tick = 100.0; // USER_HZ of /proc/<pid>/stat

    public static async Task<object> RunAsync(int trials, int slots, double epochSeconds, int rounds, int longEpochs, string clientDll)
    {
        await using var pg = await PrivatePostgres.StartAsync("bench");
        await PostgresSchema.EnsureAsync(pg.ConnectionString, CancellationToken.None);
        var perSilo = Enumerable.Range(0, 3).Select(i => (slots / 3) + (i < slots % 3 ? 1 : 0)).ToArray();
        var silos = perSilo.Select(n => StartSilo(pg.ConnectionString, n, epochSeconds)).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => WaitReadyAsync(s, TimeSpan.FromMinutes(3))));
            await using var client = await ClusterConnection.ConnectAsync(pg.ConnectionString, ClusterId, ClusterId, TimeSpan.FromSeconds(60), CancellationToken.None);
            var grains = client.Grains;
            await WaitAsync(async () => (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 3, TimeSpan.FromMinutes(2), "three active silos");
            var memoryBefore = silos.Select(s => RssMiB(s.Id)).ToList();

            var storage = await StoragePerEpochAsync(grains, pg.ConnectionString, longEpochs);
            var commitMs = await CommitLatencyMsAsync(pg.ConnectionString);
            Console.WriteLine($"PostgreSQL: a durable one-row commit takes {commitMs:F1} ms (median of 200)");

            var roundsOut = new List<object>();
            var overheads = new List<double>();
            var submits = new List<double>();
            var cpuPerRound = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                var name = $"scale-{r}";
                var cpu0 = silos.Sum(s => CpuSeconds(s.Id));
                var pg0 = PostgresCpuSeconds(pg.Directory);
                var submitClock = Stopwatch.StartNew();
                var sweep = grains.GetGrain<ISweepGrain>(name);
                var submitted = await sweep.SubmitAsync(BenchSupport.WaitingGrid(name, trials), "bench");
                var submit = submitClock.Elapsed.TotalSeconds;
                if (!submitted.Accepted)
                {
                    throw new InvalidOperationException(string.Join("; ", submitted.Problems));
                }
                using var watch = StartWatch(clientDll, pg.ConnectionString, name);
                var watchCpu = 0.0;
                SweepSummary? done = null;
                while (done is null)
                {
                    await Task.Delay(1000);
                    watchCpu = Math.Max(watchCpu, CpuSeconds(watch.Id));
                    if (await sweep.GetSummaryAsync() is { State: not SweepState.Running } s)
                    {
                        done = s;
                    }
                }
                var wall = submitClock.Elapsed.TotalSeconds;
                if (!watch.WaitForExit(60_000))
                {
                    watch.Kill();
                }
                var ideal = Math.Ceiling((double)trials / slots) * epochSeconds;
                var siloCpu = silos.Sum(s => CpuSeconds(s.Id)) - cpu0;
                var pgCpu = PostgresCpuSeconds(pg.Directory) - pg0;
                overheads.Add((wall - ideal) / ideal);
                submits.Add(submit);
                cpuPerRound.Add(siloCpu);
                roundsOut.Add(new
                {
                    wall_seconds = wall, ideal_seconds = ideal, overhead = (wall - ideal) / ideal, submit_seconds = submit,
                    completed = done.Trials.Count(t => t.State == TrialState.Completed),
                    silo_cpu_seconds = siloCpu, postgres_cpu_seconds = pgCpu, watch_cpu_seconds = watchCpu,
                    watch_exit_code = watch.HasExited ? watch.ExitCode : (int?)null,
                });
                Console.WriteLine($"cluster round {r + 1}: {trials} trials on {slots} slots in {wall:F1}s (ideal {ideal:F1}s, overhead {(wall - ideal) / ideal:P1}), submit {submit:F2}s, silo CPU {siloCpu:F1}s, PostgreSQL CPU {pgCpu:F1}s, watch CPU {watchCpu:F1}s");
                var deleted = await sweep.DeleteAsync();
                if (!deleted.Deleted)
                {
                    Console.WriteLine($"  (round's sweep kept: {deleted.Refusal})");
                }
            }
            var memoryAfter = silos.Select(s => RssMiB(s.Id)).ToList();
            return new
            {
                mode = "cluster",
                storage = "postgresql",
                silos = 3,
                slots_per_silo = perSilo,
                trials,
                slots,
                epoch_seconds = epochSeconds,
                rounds,
                overhead = BenchSupport.Median(overheads),
                overhead_min = overheads.Min(),
                overhead_max = overheads.Max(),
                target = 0.03,
                met = BenchSupport.Median(overheads) <= 0.03,
                median_submit_seconds = BenchSupport.Median(submits),
                submit_target_seconds = 5.0,
                orchestration_silo_cpu_seconds_per_trial = BenchSupport.Median(cpuPerRound) / trials,
                per_round = roundsOut,
                bytes_per_epoch = storage,
                postgres_commit_ms = commitMs,
                critical_path = "per trial a slot waits on: lease (1 call), begin (1 durable state write), last epoch (1 durable row insert, then 1 durable state write that also completes the trial), finish (1 call, no write)",
                silo_rss_mib_before = memoryBefore,
                silo_rss_mib_after = memoryAfter,
                note = "each silo is a separate process of the bench running the silo's own hosting code in cluster mode (PostgreSQL membership, grain state, epochs); only the executor differs: epochs wait and train nothing, so silo CPU is orchestration; the watch is `sweepgrid watch` in its own process",
            };
        }
        finally
        {
            foreach (var s in silos)
            {
                try
                {
                    s.StandardInput.Close();
                    if (!s.WaitForExit(20_000))
                    {
                        s.Kill(entireProcessTree: true);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
                s.Dispose();
            }
        }
    }

    /// <summary>
    /// One trial of many epochs: the trial state row's size and the WAL written per epoch over its first ten epochs and
    /// its last ten (other writers, such as membership heartbeats, add a little to both windows).
    /// </summary>
    private static async Task<object> StoragePerEpochAsync(IGrainFactory grains, string connectionString, int epochs)
    {
        const string name = "bytes" + WaitingExecutor.FastSuffix;
        var yaml = BenchSupport.WaitingGrid(name, 1).Replace("epochs: 1", $"epochs: {epochs}", StringComparison.Ordinal);
        var submitted = await grains.GetGrain<ISweepGrain>(name).SubmitAsync(yaml, "bench");
        var trialId = submitted.NewTrials.Single();
        var trial = grains.GetGrain<ITrialGrain>(TrialIds.GrainKey(name, trialId));
        var samples = new List<(int Epoch, long Wal, int? StateBytes)>();
        await using var db = NpgsqlDataSource.Create(connectionString);
        while (true)
        {
            var summary = await trial.GetAsync();
            var wal = await ScalarAsync<long>(db, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
            var size = await ScalarAsync<int?>(db, "SELECT max(octet_length(payload)) FROM orleans_grain_state WHERE grain_id_ext LIKE @p", $"%{name}/{trialId}%");
            samples.Add((summary?.Epochs ?? 0, wal, size));
            if (summary?.State.IsTerminal() == true)
            {
                break;
            }
            await Task.Delay(20);
        }
        double PerEpoch(int from, int to)
        {
            var a = samples.First(s => s.Epoch >= from);
            var b = samples.First(s => s.Epoch >= to);
            return (double)(b.Wal - a.Wal) / Math.Max(1, b.Epoch - a.Epoch);
        }
        var rowBytes = await ScalarAsync<int?>(db, "SELECT avg(pg_column_size(e.*))::int FROM sweepgrid_epoch e WHERE sweep_id = @p", name);
        var early = samples.FirstOrDefault(s => s.Epoch == 1).StateBytes;
        var late = samples.LastOrDefault(s => s.Epoch == epochs).StateBytes;
        Console.WriteLine($"storage: trial state {early} B at epoch 1, {late} B at epoch {epochs}; epoch row {rowBytes} B; WAL/epoch {PerEpoch(1, 11):F0} B early, {PerEpoch(epochs - 10, epochs):F0} B late");
        await grains.GetGrain<ISweepGrain>(name).DeleteAsync();
        return new
        {
            epochs,
            trial_state_bytes_at_epoch_1 = early,
            trial_state_bytes_at_last_epoch = late,
            epoch_row_bytes = rowBytes,
            wal_bytes_per_epoch_epochs_1_to_11 = PerEpoch(1, 11),
            wal_bytes_per_epoch_last_10 = PerEpoch(epochs - 10, epochs),
        };
    }

    /// <summary>Median time of a one-row INSERT committed on its own (fsync'd, as every grain state write is).</summary>
    private static async Task<double> CommitLatencyMsAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var connection = await db.OpenConnectionAsync();
        await using (var table = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commit (n int)", connection))
        {
            await table.ExecuteNonQueryAsync();
        }
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commit VALUES (@n)", connection);
            insert.Parameters.AddWithValue("n", i);
            await insert.ExecuteNonQueryAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        await using (var drop = new NpgsqlCommand("DROP TABLE bench_commit", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }
        return BenchSupport.Median(times);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, object? p = null)
    {
        await using var command = db.CreateCommand(sql);
        if (p is not null)
        {
            command.Parameters.AddWithValue("p", p);
        }
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }

    private static Process StartSilo(string connectionString, int slots, double epochSeconds)
    {
        var self = typeof(ClusterBench).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { self, "--silo-process", "--connection", connectionString, "--cluster-id", ClusterId, "--slots", $"{slots}",
                     "--silo-port", $"{FreePorts.Next()}", "--gateway-port", $"{FreePorts.Next()}", "--epoch-seconds", epochSeconds.ToString("R", CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start a silo process");
    }

    private static async Task WaitReadyAsync(Process silo, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (await silo.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line == "ready")
            {
                // Keep draining its output so that it never blocks on a full pipe.
                _ = silo.StandardOutput.ReadToEndAsync();
                _ = silo.StandardError.ReadToEndAsync();
                return;
            }
        }
        throw new InvalidOperationException($"a silo process exited before it was ready: {await silo.StandardError.ReadToEndAsync()}");
    }

    private static Process StartWatch(string clientDll, string connectionString, string sweep)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { clientDll, "watch", sweep, "--cluster", connectionString, "--cluster-id", ClusterId, "--service-id", ClusterId })
        {
            info.ArgumentList.Add(a);
        }
        var p = Process.Start(info) ?? throw new InvalidOperationException("could not start sweepgrid watch");
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0}s for {what}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>User + system CPU of a live process (0 once it is gone).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return 0;
        }
        var fields = StatFields(pid);
        // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / Tick;
    }

    /// <summary>The postmaster and every backend now alive (backends that exited are not counted).</summary>
    private static double PostgresCpuSeconds(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), out var postmaster))
        {
            return double.NaN;
        }
        var total = CpuSeconds(postmaster);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && File.Exists(Path.Combine(dir, "stat")))
            {
                try
                {
                    if (int.Parse(StatFields(pid)[1], CultureInfo.InvariantCulture) == postmaster)
                    {
                        total += CpuSeconds(pid);
                    }
                }
                catch (IOException)
                {
                    // Exited while being read.
                }
            }
        }
        return total;
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the command name (which may hold spaces).</summary>
    private static string[] StatFields(int pid) =>
        File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static double RssMiB(int pid)
    {
        var status = $"/proc/{pid}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }


}
