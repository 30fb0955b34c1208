using System.Text.Json;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary>
/// The CLI hosts its embedded silo through the Silo library, not through the silo's web host: what
/// `dotnet sweepgrid.dll` loads (its deps.json and runtimeconfig.json) must hold no ASP.NET Core and no OpenTelemetry.
/// </summary>
public sealed class ClientDependencyTests
{
    // Orleans.Core itself depends on this package (connection and transport abstractions, no web server); every Orleans
    // client carries it.
    private static readonly string[] OrleansAspNetCorePackages = ["Microsoft.AspNetCore.Connections.Abstractions"];

    [Fact]
    public void Cli_runs_on_the_plain_dotnet_runtime_without_the_aspnetcore_shared_framework()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(ClientOutput("sweepgrid.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var several)
            ? several.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void Cli_carries_the_silo_library_but_no_aspnetcore_or_opentelemetry_package()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(ClientOutput("sweepgrid.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(l => l.Name.Split('/')[0])
            .ToList();
        var unwanted = libraries
            .Where(n => (n.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase) && !OrleansAspNetCorePackages.Contains(n))
                || n.StartsWith("OpenTelemetry", StringComparison.OrdinalIgnoreCase)
                || n.Equals("SweepGrid.SiloHost", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("SweepGrid.Silo", libraries);
        Assert.True(unwanted.Count == 0, $"sweepgrid.deps.json lists {string.Join(", ", unwanted)}; the CLI must reference the Silo library only");
    }

    private static string ClientOutput(string file) => RepositoryLayout.BuiltDll(Path.Combine("src", "Client"), file);
}
