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
    private static readonly HashSet<(Type, string)> Public =
    [
        (typeof(ISweepGrain), nameof(ISweepGrain.SubmitAsync)),
        (typeof(ISweepGrain), nameof(ISweepGrain.GetAsync)),
        (typeof(ISweepGrain), nameof(ISweepGrain.CancelAsync)),
        (typeof(ISweepRegistryGrain), nameof(ISweepRegistryGrain.ListAsync)),
        (typeof(ITrialGrain), nameof(ITrialGrain.GetAsync)),
        (typeof(ISchedulerGrain), nameof(ISchedulerGrain.GetSnapshotAsync)),
    ];

    private readonly byte[]? _token = string.IsNullOrEmpty(options.Value.ClientToken) ? null : Encoding.UTF8.GetBytes(options.Value.ClientToken);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (IsExternalClient(context.SourceId) && context.InterfaceMethod.DeclaringType is { } type && type.Namespace == typeof(ISweepGrain).Namespace)
        {
            // SweepGrid's own grains only: Orleans' system grains keep Orleans' rules (the client runtime calls them).
            var method = context.InterfaceMethod;
            if (!Public.Contains((type, method.Name)))
            {
                throw new ClientCallRefusedException($"{type.Name}.{method.Name} is internal to the cluster; clients may submit, get, list and cancel");
            }
            if (_token is not null && !Matches(RequestContext.Get(ClientToken.RequestContextKey) as string))
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
        source is { } id && id.Type.ToString() == "sys.client" && !id.Key.ToString()!.StartsWith("hosted-", StringComparison.Ordinal);

    private bool Matches(string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);
}
