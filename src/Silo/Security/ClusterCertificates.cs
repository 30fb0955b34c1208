using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SweepGrid.Silo.Security;

/// <summary>
/// Makes a cluster's certificates: a CA, a silo certificate (server and client authentication, used by every silo) and
/// a client certificate (client authentication, for gateways that require one). ECDSA P-256, PEM files; private keys
/// are written readable by their owner only. For production, an organisation's PKI or cert-manager issuing from one CA
/// serves the same layout.
/// </summary>
public static class ClusterCertificates
{
    public const string CaCertificate = "ca.crt";
    public const string CaKey = "ca.key";
    public const string SiloCertificate = "tls.crt";
    public const string SiloKey = "tls.key";
    public const string ClientCertificate = "client.crt";
    public const string ClientKey = "client.key";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>Writes a fresh set into <paramref name="directory"/>; existing files are kept unless <paramref name="overwrite"/>.</summary>
    /// <param name="hosts">DNS names or IPs the silo certificate lists (informative: peers are checked against the CA).</param>
    public static IReadOnlyList<string> Create(string directory, IReadOnlyList<string> hosts, TimeSpan lifetime, bool overwrite = false)
    {
        Directory.CreateDirectory(directory);
        var names = new[] { CaCertificate, CaKey, SiloCertificate, SiloKey, ClientCertificate, ClientKey };
        var existing = names.Select(n => Path.Combine(directory, n)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !overwrite)
        {
            throw new IOException($"{existing[0]} exists; pass --force to replace the cluster's certificates");
        }

        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore + lifetime;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SweepGrid cluster CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        var written = new List<string>();
        Write(directory, CaCertificate, ca.ExportCertificatePem(), written);
        WriteKey(directory, CaKey, caKey.ExportPkcs8PrivateKeyPem(), written);
        Issue(directory, ca, "CN=sweepgrid-silo", hosts, [ServerAuth, ClientAuth], notBefore, notAfter, SiloCertificate, SiloKey, written);
        Issue(directory, ca, "CN=sweepgrid-client", [], [ClientAuth], notBefore, notAfter, ClientCertificate, ClientKey, written);
        return written;
    }

    private static void Issue(string directory, X509Certificate2 ca, string subject, IReadOnlyList<string> hosts, string[] usages,
        DateTimeOffset notBefore, DateTimeOffset notAfter, string certificateName, string keyName, List<string> written)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        if (hosts.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var host in hosts)
            {
                if (System.Net.IPAddress.TryParse(host, out var ip))
                {
                    san.AddIpAddress(ip);
                }
                else
                {
                    san.AddDnsName(host);
                }
            }
            request.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca, notBefore, notAfter, serial);
        Write(directory, certificateName, certificate.ExportCertificatePem(), written);
        WriteKey(directory, keyName, key.ExportPkcs8PrivateKeyPem(), written);
    }

    private static void Write(string directory, string name, string pem, List<string> written)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, pem + "\n");
        written.Add(path);
    }

    private static void WriteKey(string directory, string name, string pem, List<string> written)
    {
        var path = Path.Combine(directory, name);
        // Created owner-only, so the key is never readable by others, not even for a moment.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(pem + "\n");
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an overwritten one keeps its old mode.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        written.Add(path);
    }
}
