using SweepGrid.Client;
using SweepGrid.Silo.Security;
using Xunit;

namespace SweepGrid.Tests.Cli;

/// <summary>`sweepgrid certs`: a usable set once, never a silent replacement of a cluster's CA.</summary>
public sealed class CertsCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sweepgrid-certs-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Writes_a_set_that_chains_to_its_CA_and_keeps_it_unless_forced()
    {
        var certs = Path.Combine(_dir.FullName, "certs");
        var ca = Path.Combine(certs, ClusterCertificates.CaCertificate);

        var (first, firstOutput) = CliRunner.Run("certs", "--out", certs, "--host", "silo-1", "--host", "10.0.0.7");
        var original = File.ReadAllText(ca);
        var (again, againOutput) = CliRunner.Run("certs", "--out", certs);
        var (kept, _) = CliRunner.Run("certs", "--out", certs, "--if-missing");
        var keptCa = File.ReadAllText(ca);
        var (forced, _) = CliRunner.Run("certs", "--out", certs, "--force");

        Assert.Equal(ExitCodes.Ok, first);
        Assert.Contains("tls.key", firstOutput);
        Assert.True(ClusterTls.IsSignedBy(
            ClusterTls.LoadCertificate(Path.Combine(certs, ClusterCertificates.SiloCertificate), Path.Combine(certs, ClusterCertificates.SiloKey)),
            ClusterTls.LoadCa(ca)));
        Assert.Equal(ExitCodes.BadInput, again);
        Assert.Contains("--force", againOutput);
        Assert.Equal((ExitCodes.Ok, original), (kept, keptCa));
        Assert.Equal(ExitCodes.Ok, forced);
        Assert.NotEqual(original, File.ReadAllText(ca));
    }

    [Fact]
    public void Bad_options_are_bad_input_naming_the_option()
    {
        var file = Path.Combine(_dir.FullName, "a-file");
        File.WriteAllText(file, "");

        var (host, hostOutput) = CliRunner.Run("certs", "--out", Path.Combine(_dir.FullName, "x"), "--host", "not a host!");
        var (dir, dirOutput) = CliRunner.Run("certs", "--out", file);
        var (both, bothOutput) = CliRunner.Run("certs", "--out", Path.Combine(_dir.FullName, "y"), "--force", "--if-missing");

        Assert.Equal((ExitCodes.BadInput, ExitCodes.BadInput, ExitCodes.BadInput), (host, dir, both));
        Assert.Contains("--host: 'not a host!'", hostOutput);
        Assert.Contains("--out", dirOutput);
        Assert.Contains("contradict", bothOutput);
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, "x")));
    }
}
