using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SweepGrid.Client.Commands;

/// <summary>Options shared by the commands that talk to a running cluster.</summary>
public class ClusterSettings : CommandSettings
{
    [CommandOption("--cluster <ADDRESS>")]
    [Description("Gateways (host:30000[,host2:30000]) or a PostgreSQL connection string; default $SWEEPGRID_CLUSTER")]
    public string? Cluster { get; init; }

    [CommandOption("--cluster-id <ID>")]
    [Description("Orleans cluster id")]
    [DefaultValue("sweepgrid")]
    public string ClusterId { get; init; } = "sweepgrid";

    [CommandOption("--service-id <ID>")]
    [Description("Orleans service id")]
    [DefaultValue("sweepgrid")]
    public string ServiceId { get; init; } = "sweepgrid";

    [CommandOption("--connect-timeout <SECONDS>")]
    [Description("Give up connecting after this many seconds")]
    [DefaultValue(10)]
    public int ConnectTimeout { get; init; } = 10;

    [CommandOption("--token <TOKEN>")]
    [Description("The cluster's client token, when it requires one; prefer $SWEEPGRID_TOKEN (an option shows in the process list)")]
    public string? Token { get; init; }

    [CommandOption("--tls-ca <FILE>")]
    [Description("The cluster CA certificate (PEM): connect to the gateways with TLS; default $SWEEPGRID_TLS_CA")]
    public string? TlsCa { get; init; }

    [CommandOption("--tls-cert <FILE>")]
    [Description("This client's certificate (PEM), for clusters that require one; default $SWEEPGRID_TLS_CERT")]
    public string? TlsCert { get; init; }

    [CommandOption("--tls-key <FILE>")]
    [Description("The private key of --tls-cert (PEM); default $SWEEPGRID_TLS_KEY")]
    public string? TlsKey { get; init; }

    public override ValidationResult Validate() =>
        OptionChecks.InRange("--connect-timeout", ConnectTimeout, 1, 3600);
}
