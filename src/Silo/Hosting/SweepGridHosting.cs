using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Metrics;
using SweepGrid.Silo.Options;
using SweepGrid.Silo.Placement;
using SweepGrid.Silo.Security;
using SweepGrid.Silo.Storage;
using SweepGrid.Silo.Storage.PostgreSql;

namespace SweepGrid.Silo.Hosting;

/// <summary>Composition of a SweepGrid silo; used by the silo program, the CLI's embedded mode, the tests and benchmarks.</summary>
public static class SweepGridHosting
{
    /// <summary>Reads and validates the "SweepGrid" section (a bad value fails here, naming its key).</summary>
    public static SweepGridSiloOptions ReadOptions(IConfiguration configuration, Action<SweepGridSiloOptions>? configure = null)
    {
        var options = configuration.GetSection(SweepGridSiloOptions.Section).Get<SweepGridSiloOptions>() ?? new SweepGridSiloOptions();
        configure?.Invoke(options);
        var result = new SweepGridSiloOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(SweepGridSiloOptions.Section, typeof(SweepGridSiloOptions), result.Failures);
        }
        return options;
    }

    /// <summary>
    /// A whole silo on a generic host: clustering and storage for the configured mode, SweepGrid grains, slots and
    /// metrics instruments. No HTTP and no exporter: the silo program adds those (SweepGrid.SiloHost).
    /// </summary>
    public static T AddSweepGridSilo<T>(this T builder, Action<SweepGridSiloOptions>? configure = null)
        where T : IHostApplicationBuilder =>
        builder.AddSweepGridSilo(ReadOptions(builder.Configuration, configure));

    /// <summary>The same with options already read and validated (<see cref="ReadOptions"/>).</summary>
    public static T AddSweepGridSilo<T>(this T builder, SweepGridSiloOptions options)
        where T : IHostApplicationBuilder
    {
        // Loaded before anything else, so a wrong file stops the silo at start with its path (not at the first handshake).
        (X509Certificate2 Certificate, X509Certificate2 Ca)? tls = options.UsesTls
            ? (ClusterTls.LoadCertificate(options.Tls.Certificate!, options.Tls.Key!), ClusterTls.LoadCa(options.Tls.Ca!))
            : null;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = options.ClusterId;
                c.ServiceId = options.ServiceId;
            });
            if (options.IsCluster)
            {
                silo.AddPostgresCluster(options);
                if (tls is { } t)
                {
                    silo.UseClusterTls(t.Certificate, t.Ca, options.Tls.RequireClientCertificate);
                }
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.UseInMemoryReminderService();
                silo.AddSweepGridGrains(options, new FileCheckpointStore(Path.Combine(options.RunDirectory!, "checkpoints")),
                    new FileEpochStore(Path.Combine(options.RunDirectory!, "epochs")));
                silo.AddFileGrainStorage(Path.Combine(options.RunDirectory!, "state"));
            }
        });
        return builder;
    }

    /// <summary>
    /// Cluster mode: membership, grain state and reminders in PostgreSQL through Orleans ADO.NET, checkpoints in
    /// PostgreSQL too (no shared volume needed on Kubernetes). When the silo starts (not here: registering does no I/O) the
    /// schema is applied idempotently, or with SweepGrid:Schema=verify only checked (silos on a least-privilege role;
    /// <c>migrate</c> applies it); <see cref="SchemaNotReadyException"/> then fails the host's start.
    /// </summary>
    public static ISiloBuilder AddPostgresCluster(this ISiloBuilder silo, SweepGridSiloOptions options)
    {
        var cs = options.PostgresConnectionString!;
        // At the silo's first start-up stage, before the providers read their queries from the schema's orleansquery table.
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaStartup(cs, options.VerifiesSchema));
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = cs;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Provider, o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = cs;
        });
        silo.AddResilientGrainStorage();
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = cs;
        });
        var advertised = string.IsNullOrWhiteSpace(options.AdvertisedIp) ? null : System.Net.IPAddress.Parse(options.AdvertisedIp);
        silo.ConfigureEndpoints(advertised ?? FirstIPv4(), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        silo.AddSweepGridGrains(options, new PostgresCheckpointStore(cs), new PostgresEpochStore(cs));
        return silo;
    }

    private static System.Net.IPAddress FirstIPv4() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
        ?? System.Net.IPAddress.Loopback;

    /// <summary>SweepGrid's grains, placement, slots and trial execution on a silo whose clustering is set up elsewhere.</summary>
    /// <param name="checkpoints">Where trials' checkpoints go; the silo owns it (it is disposed with the silo).</param>
    /// <param name="epochs">Where trials' epochs go; the silo owns it too.</param>
    public static ISiloBuilder AddSweepGridGrains(this ISiloBuilder silo, SweepGridSiloOptions options, ICheckpointStore checkpoints, IEpochStore epochs)
    {
        var (slots, reason) = SlotResolver.Resolve(options);
        silo.UseSiloMetadata(new Dictionary<string, string> { [SlotSiloPlacementDirector.SlotsKey] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        silo.Services.AddPlacementDirector<SlotSiloPlacement, SlotSiloPlacementDirector>();
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        silo.Services.AddSingleton(new SlotState { Total = slots });
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<ICheckpointStore>(sp => new RetryingCheckpointStore(checkpoints,
            new TransientRetry(options.TransientRetryTimeout, sp.GetRequiredService<ILogger<RetryingCheckpointStore>>())));
        silo.Services.AddSingleton<IEpochStore>(sp => new ResilientEpochStore(epochs,
            new TransientRetry(ResilientGrainStorage.Patience, sp.GetRequiredService<ILogger<ResilientEpochStore>>(), TimeSpan.FromMilliseconds(100))));
        silo.Services.AddSingleton<DataCache>();
        silo.Services.AddSweepGridMetrics();
        silo.Services.TryAddSingleton<ITrialExecutor, TorchTrialExecutor>();
        silo.Services.AddHostedService<SlotWorker>();
        silo.AddIncomingGrainCallFilter<ClientCallFilter>();
        silo.Services.AddHostedService(sp => new StartupLog(sp.GetRequiredService<ILogger<SlotState>>(), slots, reason));
        return silo;
    }

    /// <summary>Grain state as files under <paramref name="directory"/> (embedded mode and tests).</summary>
    /// <param name="decorate">Wraps the file provider below the retries (tests inject storage faults here).</param>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder silo, string directory, Func<IServiceProvider, IGrainStorage, IGrainStorage>? decorate = null)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, (sp, _) =>
        {
            var files = new FileGrainStorage(directory, sp.GetRequiredService<Serializer>());
            return decorate is null ? files : decorate(sp, files);
        });
        return silo.AddResilientGrainStorage();
    }

    /// <summary>What grains use: the <see cref="StorageNames.Provider"/> storage, its faults retried and made serializable.</summary>
    private static ISiloBuilder AddResilientGrainStorage(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (sp, _) => new ResilientGrainStorage(
            sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider),
            new TransientRetry(ResilientGrainStorage.Patience, sp.GetRequiredService<ILogger<ResilientGrainStorage>>(), TimeSpan.FromMilliseconds(100))));
        return silo;
    }

    private sealed class StartupLog(ILogger logger, int slots, string reason) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            SiloLog.SlotsResolved(logger, slots, reason);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
