using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Client.Cluster;
using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Security;

namespace SweepGrid.Client.Commands;

/// <summary>Connects to the cluster, runs the command, and turns connection problems into exit code 1 with a clear message.</summary>
public abstract class ClusterCommand<TSettings>(IAnsiConsole console) : AsyncCommand<TSettings>
    where TSettings : ClusterSettings
{
    protected IAnsiConsole Console => console;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        if (Prepare(settings) is { } early)
        {
            return early;
        }
        if (ClusterConnection.Resolve(settings.Cluster) is not { } address)
        {
            console.MarkupLine($"[red]error:[/] no cluster given: pass --cluster <host:port | PostgreSQL connection string> or set {ClusterConnection.EnvironmentVariable}");
            return ExitCodes.BadInput;
        }
        ClusterConnection connection;
        try
        {
            var tls = ClientTls.Resolve(settings.TlsCa, settings.TlsCert, settings.TlsKey);
            connection = await ClusterConnection.ConnectAsync(address, settings.ClusterId, settings.ServiceId, TimeSpan.FromSeconds(settings.ConnectTimeout),
                cancellationToken, settings.Token, tls);
        }
        catch (TlsConfigurationException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (FormatException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ClusterUnreachableException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.Failed;
        }
        await using (connection)
        {
            return await RunAsync(connection.Grains, settings, cancellationToken);
        }
    }

    /// <summary>Local checks before the cluster is contacted (a typo must not cost the connect timeout); an exit code stops.</summary>
    protected virtual int? Prepare(TSettings settings) => null;

    protected abstract Task<int> RunAsync(IGrainFactory grains, TSettings settings, CancellationToken ct);

    /// <summary>The sweep's summary, or null after printing "unknown sweep id" (the caller returns exit code 1).</summary>
    protected async Task<SweepSummary?> GetSweepAsync(IGrainFactory grains, string id)
    {
        var sweep = await grains.GetGrain<ISweepGrain>(id).GetSummaryAsync();
        if (sweep is null)
        {
            var known = await grains.GetGrain<ISweepRegistryGrain>(0).ListAsync();
            console.MarkupLineInterpolated($"[red]error:[/] unknown sweep id '{id}'; known: {(known.IsEmpty ? "none" : string.Join(", ", known))}");
        }
        return sweep;
    }

    /// <summary>The sweep with every trial's epochs (read page by page), or null as <see cref="GetSweepAsync"/>.</summary>
    protected async Task<SweepInfo?> ReadSweepAsync(IGrainFactory grains, string id, CancellationToken ct) =>
        await GetSweepAsync(grains, id) is { } summary ? await grains.ReadEpochsAsync(summary, ct) : null;
}
