using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Polly.Timeout;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Security;
using SweepGrid.Silo.Storage.PostgreSql;

namespace SweepGrid.Client.Cluster;

/// <summary>
/// Connects the CLI to a running cluster. The address is either gateway endpoints ("host:30000[,host2:30000]")
/// or a PostgreSQL connection string ("Host=...;Database=..."), in which case gateways are read from the
/// membership table. From --cluster, else $SWEEPGRID_CLUSTER.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    public const string EnvironmentVariable = "SWEEPGRID_CLUSTER";

    private readonly IHost _host;

    private ClusterConnection(IHost host, string address)
    {
        _host = host;
        Address = address;
    }

    public string Address { get; }
    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static string? Resolve(string? option) => OptionOrEnvironment(option, EnvironmentVariable);

    /// <summary>The option when given, else the environment variable when set, else null.</summary>
    public static string? OptionOrEnvironment(string? option, string variable) =>
        !string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env : null;

    /// <summary>
    /// Connects within <paramref name="timeout"/> or throws <see cref="ClusterUnreachableException"/>. Transient failures
    /// (no gateway up yet, a pooled database connection broken by a PostgreSQL restart) are retried within the timeout.
    /// </summary>
    /// <param name="token">The cluster's client token, sent with every call (none: $SWEEPGRID_TOKEN, if set).</param>
    /// <param name="tls">TLS to the gateways; null: plain TCP (a development cluster).</param>
    public static async Task<ClusterConnection> ConnectAsync(string address, string clusterId, string serviceId, TimeSpan timeout, CancellationToken ct,
        string? token = null, ClientTls? tls = null)
    {
        token ??= OptionOrEnvironment(null, ClientToken.EnvironmentVariable);
        if (address.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(address);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"--cluster: not a valid PostgreSQL connection string ({Redact(e.Message)}): {Redact(address)}");
            }
        }
        Exception? last = null;
        var retry = new TransientRetry(timeout, NullLogger.Instance);
        try
        {
            return await retry.RunAsync(async c =>
            {
                try
                {
                    return await ConnectOnceAsync(address, clusterId, serviceId, token, tls, c);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    last = e;
                    throw;
                }
            }, "connect", ct);
        }
        catch (Exception e) when (e is not FormatException && (e is not OperationCanceledException || !ct.IsCancellationRequested))
        {
            var why = e is TimeoutRejectedException or OperationCanceledException ? last is null ? "no gateway answered" : Innermost(last).Message : Innermost(e).Message;
            var hint = tls is null ? $" (if the cluster uses TLS, give its CA: --tls-ca or ${ClientTls.CaVariable})" : "";
            throw new ClusterUnreachableException($"cannot reach the cluster at {Redact(address)} within {timeout.TotalSeconds:F0}s: {Redact(why)}{hint}");
        }
    }

    private static async Task<ClusterConnection> ConnectOnceAsync(string address, string clusterId, string serviceId, string? token, ClientTls? tls, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            if (tls is not null)
            {
                client.UseClusterTls(tls.Ca, tls.Certificate);
            }
            if (token is not null)
            {
                client.AddOutgoingGrainCallFilter(call =>
                {
                    RequestContext.Set(ClientToken.RequestContextKey, token);
                    return call.Invoke();
                });
            }
            if (address.Contains('=', StringComparison.Ordinal))
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresSchema.Invariant;
                    o.ConnectionString = address;
                });
            }
            else
            {
                client.UseStaticClustering(ParseGateways(address));
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return new ClusterConnection(host, address);
        }
        catch (Exception)
        {
            host.Dispose();
            throw;
        }
    }

    public static IPEndPoint[] ParseGateways(string address) =>
        [.. address.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseEndPoint)];

    private static IPEndPoint ParseEndPoint(string s)
    {
        var colon = s.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(s[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"--cluster: '{s}' is not host:port");
        }
        var host = s[..colon];
        var ip = IPAddress.TryParse(host, out var parsed) ? parsed
            : Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new FormatException($"--cluster: cannot resolve '{host}'");
        return new IPEndPoint(ip, port);
    }

    /// <summary>
    /// Hides the password under every keyword Npgsql accepts for it (Password, PWD, PSW; any case, spaces around '=',
    /// quoted or not), so no message or log shows it.
    /// </summary>
    public static string Redact(string text) => Silo.Security.SecretRedaction.Redact(text);

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // Leaving quickly matters more than a clean goodbye to the gateway.
        }
        _host.Dispose();
    }
}
