using System.ComponentModel;
using Spectre.Console.Cli;

namespace SweepGrid.Client.Commands;

/// <summary>Cluster options plus the sweep id argument.</summary>
public class SweepIdSettings : ClusterSettings
{
    [CommandArgument(0, "<sweep>")]
    [Description("Sweep id (the spec's name)")]
    public string Sweep { get; init; } = "";
}
