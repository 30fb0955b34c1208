using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SweepGrid.Client.Cluster;
using SweepGrid.Silo.Options;
using SweepGrid.Silo.Security;
using Xunit;

namespace SweepGrid.Tests.Security;

/// <summary>The cluster's trust rule (signed by the cluster CA, in date) and clear errors for TLS files and settings.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sweepgrid-tls-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Set(string name)
    {
        var path = Path.Combine(_dir.FullName, name);
        ClusterCertificates.Create(path, ["silo-1", "10.1.2.3"], TimeSpan.FromDays(2));
        return path;
    }

    [Fact]
    public void Certificates_of_a_set_chain_to_its_CA_and_to_no_other()
    {
        var a = Set("a");
        var b = Set("b");
        var caA = ClusterTls.LoadCa(Path.Combine(a, ClusterCertificates.CaCertificate));
        var caB = ClusterTls.LoadCa(Path.Combine(b, ClusterCertificates.CaCertificate));
        var silo = ClusterTls.LoadCertificate(Path.Combine(a, ClusterCertificates.SiloCertificate), Path.Combine(a, ClusterCertificates.SiloKey));
        var client = ClusterTls.LoadCertificate(Path.Combine(a, ClusterCertificates.ClientCertificate), Path.Combine(a, ClusterCertificates.ClientKey));

        Assert.True(silo.HasPrivateKey);
        Assert.True(ClusterTls.IsSignedBy(silo, caA));
        Assert.True(ClusterTls.IsSignedBy(client, caA));
        Assert.False(ClusterTls.IsSignedBy(silo, caB));
        // The CA is not a member: it signs, it does not connect.
        Assert.True(ClusterTls.IsSignedBy(caA, caA));
        Assert.False(ClusterTls.IsSignedBy(caB, caA));
    }

    [Fact]
    public void An_expired_certificate_or_one_signed_by_a_look_alike_CA_is_not_trusted()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SweepGrid cluster CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var signer = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(10));
        using var ca = X509CertificateLoader.LoadCertificate(signer.RawData);
        using var expired = Issue(signer, DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1));
        using var current = Issue(signer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Same subject name as the real CA, different key.
        using var fakeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var fakeRequest = new CertificateRequest(ca.SubjectName, fakeKey, HashAlgorithmName.SHA256);
        fakeRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var fakeCa = fakeRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var forged = Issue(fakeCa, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.True(ClusterTls.IsSignedBy(current, ca));
        Assert.False(ClusterTls.IsSignedBy(expired, ca));
        Assert.False(ClusterTls.IsSignedBy(forged, ca));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Private_keys_are_owner_only_and_an_existing_set_is_kept_unless_forced()
    {
        var a = Set("a");
        var before = File.ReadAllText(Path.Combine(a, ClusterCertificates.CaCertificate));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(a, ClusterCertificates.CaKey)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(a, ClusterCertificates.SiloKey)));
        Assert.Throws<IOException>(() => ClusterCertificates.Create(a, [], TimeSpan.FromDays(1)));
        Assert.Equal(before, File.ReadAllText(Path.Combine(a, ClusterCertificates.CaCertificate)));
        ClusterCertificates.Create(a, [], TimeSpan.FromDays(1), overwrite: true);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(a, ClusterCertificates.CaCertificate)));
    }

    [Fact]
    public void A_wrong_TLS_file_is_named_in_the_error()
    {
        var a = Set("a");
        var garbage = Path.Combine(_dir.FullName, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");

        var missing = Assert.Throws<TlsConfigurationException>(() => ClusterTls.LoadCa(Path.Combine(a, "nope.crt")));
        var directory = Assert.Throws<TlsConfigurationException>(() => ClusterTls.LoadCa(a));
        var notPem = Assert.Throws<TlsConfigurationException>(() => ClusterTls.LoadCa(garbage));
        var wrongKey = Assert.Throws<TlsConfigurationException>(() =>
            ClusterTls.LoadCertificate(Path.Combine(a, ClusterCertificates.SiloCertificate), Path.Combine(a, ClusterCertificates.ClientKey)));

        Assert.Contains("nope.crt: no such file", missing.Message);
        Assert.Contains("a directory, expected a PEM file", directory.Message);
        Assert.Contains("garbage.pem", notPem.Message);
        Assert.Contains(ClusterCertificates.ClientKey, wrongKey.Message);
    }

    [Fact]
    public void A_cluster_silo_needs_its_TLS_files_unless_plain_TCP_is_chosen()
    {
        var o = new SweepGridSiloOptions { Mode = "cluster", PostgresConnectionString = "Host=db;Database=x" };
        var validator = new SweepGridSiloOptionsValidator();

        var failures = validator.Validate(null, o).Failures!.ToList();
        o.Tls = new TlsSettings { Certificate = "/nonexistent/tls.crt", Key = "/nonexistent/tls.key", Ca = "/nonexistent/ca.crt" };
        var absent = validator.Validate(null, o).Failures!.ToList();
        o.Transport = "plaintext";
        var plain = validator.Validate(null, o);
        o.Transport = "ssl";
        var unknown = validator.Validate(null, o).Failures!.ToList();

        Assert.Equal(3, failures.Count(f => f.Contains("is required in cluster mode") && f.Contains("Transport=plaintext")));
        Assert.Contains(absent, f => f == "SweepGrid:Tls:Certificate: no such file '/nonexistent/tls.crt'");
        Assert.True(plain.Succeeded);
        Assert.Contains(unknown, f => f.Contains("Transport must be tls or plaintext, got 'ssl'"));
        // Embedded mode listens on loopback only and needs no certificates.
        Assert.True(validator.Validate(null, new SweepGridSiloOptions { RunDirectory = "/tmp/x" }).Succeeded);
    }

    [Fact]
    public void The_client_takes_TLS_files_from_options_or_the_environment_and_needs_the_CA_with_a_certificate()
    {
        var a = Set("a");
        var ca = Path.Combine(a, ClusterCertificates.CaCertificate);

        Assert.Null(ClientTls.Resolve(null, null, null));
        Assert.Null(ClientTls.Resolve(ca, null, null)!.Certificate);
        Assert.NotNull(ClientTls.Resolve(ca, Path.Combine(a, ClusterCertificates.ClientCertificate), Path.Combine(a, ClusterCertificates.ClientKey))!.Certificate);
        Assert.Contains("need --tls-ca", Assert.Throws<TlsConfigurationException>(() => ClientTls.Resolve(null, Path.Combine(a, ClusterCertificates.ClientCertificate), Path.Combine(a, ClusterCertificates.ClientKey))).Message);
        Assert.Contains("go together", Assert.Throws<TlsConfigurationException>(() => ClientTls.Resolve(ca, Path.Combine(a, ClusterCertificates.ClientCertificate), null)).Message);
        Assert.Equal("--tls-ca (or $SWEEPGRID_TLS_CA): /nonexistent/ca.crt: no such file (expected a PEM file)",
            Assert.Throws<TlsConfigurationException>(() => ClientTls.Resolve("/nonexistent/ca.crt", null, null)).Message);
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, DateTimeOffset from, DateTimeOffset to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=member", key, HashAlgorithmName.SHA256);
        return request.Create(issuer, from, to, [1, 2, 3, 4]);
    }
}
