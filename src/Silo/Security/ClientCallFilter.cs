using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Options;

namespace SweepGrid.Silo.Security;

/// <summary>
/// Calls from cluster clients (the CLI, through a gateway) may reach only the public API: submit, get, list, cancel,
/// and the read-only status of trials and the scheduler. Leasing, epoch reports, heartbeats, requeues and the
/// scheduler's queue are for silos alone, so no client can take trials away from the slots or write epochs. When
/// <see cref="SweepGridSiloOptions.ClientToken"/> is set, every client call must also carry it.
/// </summary>
public sealed class ClientCallFilter(IOptions<SweepGridSiloOptions> options) : IIncomingGrainCallFilter
{
    // Internal to Orleans, so named rather than referenced. The client runtime calls it before any call of ours, without
    // our request context, and it holds only grain-type metadata: it needs no token.
    private const string Manifest = "Orleans.Runtime.IClusterManifestSystemTarget";

    // Registered only by Orleans.TestingHost silos (the in-process test cluster's client waits on it); a production
    // silo has no such target, so allowing it opens nothing.
    private const string TestHooks = "Orleans.Runtime.TestHooks.ITestHooks";

    // Orleans serves a grain method that returns IAsyncEnumerable through this extension of the grain (start, next,
    // dispose). Of SweepGrid's grains only the sweep has one, ISweepGrain.WatchAsync: clients may drive it on sweeps only.
    private const string AsyncEnumerable = "Orleans.Runtime.IAsyncEnumerableGrainExtension";

    private static readonly HashSet<(string, string)> Public =
    [
        (Name<ISweepGrain>(), nameof(ISweepGrain.SubmitAsync)),
        (Name<ISweepGrain>(), nameof(ISweepGrain.GetSummaryAsync)),
        (Name<ISweepGrain>(), nameof(ISweepGrain.CancelAsync)),
        (Name<ISweepGrain>(), nameof(ISweepGrain.DeleteAsync)),
        (Name<ISweepRegistryGrain>(), nameof(ISweepRegistryGrain.ListAsync)),
        (Name<ITrialGrain>(), nameof(ITrialGrain.GetAsync)),
        (Name<ITrialGrain>(), nameof(ITrialGrain.GetEpochsAsync)),
        (Name<ISchedulerGrain>(), nameof(ISchedulerGrain.GetSnapshotAsync)),
        // Orleans: the client runtime reads the cluster's grain-type manifest on connect and follows its updates;
        // membership may be read. Every other system target and management call (silo control, activation
        // collection, grain and silo statistics, compatibility strategies) is for silos and operators on the cluster.
        (Manifest, "GetClusterManifest"),
        (Manifest, "GetClusterManifestUpdate"),
        (Name<IManagementGrain>(), nameof(IManagementGrain.GetHosts)),
        (Name<IManagementGrain>(), nameof(IManagementGrain.GetDetailedHosts)),
    ];

    private static string Name<T>() => typeof(T).FullName!;

    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.ClientToken) ? null : Encoding.UTF8.GetBytes(options.Value.ClientToken);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (IsExternalClient(context.SourceId) && context.InterfaceMethod.DeclaringType is { } type)
        {
            var method = context.InterfaceMethod;
            var name = type.FullName ?? type.Name;
            if (name == TestHooks)
            {
                return context.Invoke();
            }
            var watch = name == AsyncEnumerable && context.TargetContext.GrainInstance is ISweepGrain;
            if (!watch && !Public.Contains((name, method.Name)))
            {
                throw new ClientCallRefusedException($"{type.Name}.{method.Name} is internal to the cluster; clients may submit, get, watch, list, cancel and delete");
            }
            if (_token is not null && name != Manifest && !Matches(RequestContext.Get(ClientToken.RequestContextKey) as string))
            {
                throw new ClientCallRefusedException($"this cluster requires a client token (--token or ${ClientToken.EnvironmentVariable})");
            }
        }
        return context.Invoke();
    }

    /// <summary>
    /// A client connected through a gateway. Silo code outside a grain (the slots) calls through the silo's hosted
    /// client, whose id Orleans names "hosted-{silo}"; grains call as grains.
    /// </summary>
    private static bool IsExternalClient(GrainId? source) =>
        source is { } id && id.Type.Equals(ClientType) && !id.Key.AsSpan().StartsWith("hosted-"u8);

    // Compared without building strings: the filter sees every grain call, the slots' epoch reports included.
    private static readonly GrainType ClientType = GrainType.Create("sys.client");

    private bool Matches(string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);
}
