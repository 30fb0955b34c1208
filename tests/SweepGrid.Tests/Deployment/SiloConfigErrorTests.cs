using SweepGrid.Silo.Security;
using SweepGrid.Testing;
using Xunit;

namespace SweepGrid.Tests.Deployment;

/// <summary>A silo process with a wrong TLS setting or file exits 2 naming it, rather than aborting with a stack trace.</summary>
[Trait("Category", "Integration")]
public sealed class SiloConfigErrorTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> Cases => new()
    {
        { "missing", "SweepGrid:Tls:Certificate is required in cluster mode" },
        { "absent-file", "SweepGrid:Tls:Ca: no such file '/nonexistent/ca.crt'" },
        { "mismatched-key", "client.key: not a PEM certificate and its matching private key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_TLS_setting_stops_the_silo_with_exit_2_and_the_key_or_file_named(string @case, string expected)
    {
        var certs = Directory.CreateTempSubdirectory("sweepgrid-silo-tls-");
        try
        {
            ClusterCertificates.Create(certs.FullName, [], TimeSpan.FromDays(1));
            var env = new Dictionary<string, string>
            {
                ["SweepGrid__Mode"] = "cluster",
                // Never reached: options and certificates are checked before the database is contacted.
                ["SweepGrid__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            };
            string In(string name) => Path.Combine(certs.FullName, name);
            switch (@case)
            {
                case "absent-file":
                    (env["SweepGrid__Tls__Certificate"], env["SweepGrid__Tls__Key"], env["SweepGrid__Tls__Ca"]) =
                        (In(ClusterCertificates.SiloCertificate), In(ClusterCertificates.SiloKey), "/nonexistent/ca.crt");
                    break;
                case "mismatched-key":
                    (env["SweepGrid__Tls__Certificate"], env["SweepGrid__Tls__Key"], env["SweepGrid__Tls__Ca"]) =
                        (In(ClusterCertificates.SiloCertificate), In(ClusterCertificates.ClientKey), In(ClusterCertificates.CaCertificate));
                    break;
            }

            await using var silo = SiloProcess.StartExact(env);
            Assert.True(await silo.WaitForExitAsync(ExitTimeout), $"the silo did not exit within {ExitTimeout.TotalSeconds:F0}s:\n{silo.Log}");
            Assert.Equal(2, silo.ExitCode);
            Assert.Contains(expected, silo.Log);
            Assert.DoesNotContain("Unhandled exception", silo.Log);
        }
        finally
        {
            certs.Delete(recursive: true);
        }
    }
}
