using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using SweepGrid.Contracts.Spec;
using SweepGrid.Silo.Security;

namespace SweepGrid.Client.Commands;

/// <summary>
/// <c>sweepgrid certs</c>: a cluster CA, the silo certificate and a client certificate as PEM files, laid out as a
/// Kubernetes TLS Secret (ca.crt, tls.crt, tls.key) plus client.crt/client.key, for compose, tests or a small cluster.
/// </summary>
public sealed class CertsCommand(IAnsiConsole console) : Command<CertsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Directory for the PEM files (created if missing)")]
        [DefaultValue("certs")]
        public string Out { get; init; } = "certs";

        [CommandOption("--host <NAME>")]
        [Description("A DNS name or IP the silo certificate lists (repeatable; informative, peers are checked against the CA)")]
        public string[] Hosts { get; init; } = [];

        [CommandOption("--days <N>")]
        [Description("How long the certificates are valid")]
        [DefaultValue(365)]
        public int Days { get; init; } = 365;

        [CommandOption("--force")]
        [Description("Replace existing files (every silo and client then needs the new set)")]
        public bool Force { get; init; }

        [CommandOption("--if-missing")]
        [Description("Do nothing when the directory already holds a CA (a one-shot job that runs on every start)")]
        public bool IfMissing { get; init; }

        public override ValidationResult Validate() => OptionChecks.First(
            Force && IfMissing ? ValidationResult.Error("--force and --if-missing contradict each other; give one") : ValidationResult.Success(),
            OptionChecks.Directory("--out", Out),
            OptionChecks.InRange("--days", Days, 1, 3650),
            Hosts.FirstOrDefault(h => h.Length > 253 || Uri.CheckHostName(h) == UriHostNameType.Unknown) is { } bad
                ? ValidationResult.Error($"--host: '{UserInput.Excerpt(bad)}' is not a DNS name or IP address")
                : ValidationResult.Success());
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ca = Path.Combine(settings.Out, ClusterCertificates.CaCertificate);
        if (settings.IfMissing && File.Exists(ca))
        {
            console.MarkupLineInterpolated($"{ca} exists; keeping the cluster's certificates");
            return ExitCodes.Ok;
        }
        IReadOnlyList<string> written;
        try
        {
            written = ClusterCertificates.Create(settings.Out, ["localhost", .. settings.Hosts], TimeSpan.FromDays(settings.Days), settings.Force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --out: {e.Message}");
            return ExitCodes.BadInput;
        }
        foreach (var path in written)
        {
            console.MarkupLineInterpolated($"wrote {path}");
        }
        console.MarkupLine("Silos: SweepGrid__Tls__Ca=ca.crt, SweepGrid__Tls__Certificate=tls.crt, SweepGrid__Tls__Key=tls.key. "
            + "Clients: --tls-ca ca.crt (and --tls-cert client.crt --tls-key client.key where gateways require a certificate). "
            + "Keep ca.key offline: whoever holds it can mint cluster members.");
        return ExitCodes.Ok;
    }
}
