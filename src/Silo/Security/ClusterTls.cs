using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace SweepGrid.Silo.Security;

/// <summary>
/// TLS for a SweepGrid cluster (Microsoft.Orleans.Connections.Security). Trust is the cluster CA alone: a peer's chain
/// must end at it, whatever the machine's trust store says. Host names are not checked, because silos and gateways are
/// reached by IP (pod IPs, advertised addresses) that no certificate can list ahead of time; holding a key the cluster
/// CA signed is what makes a peer a member. Only TLS 1.2 and 1.3.
/// </summary>
public static class ClusterTls
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A certificate with its private key from PEM files; the error names the file that is wrong.</summary>
    public static X509Certificate2 LoadCertificate(string certificatePath, string keyPath)
    {
        Readable(certificatePath);
        Readable(keyPath);
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Re-imported so that the key is usable by SslStream on every platform (an ephemeral PEM key is not on Windows).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsConfigurationException($"{certificatePath} with key {keyPath}: not a PEM certificate and its matching private key ({e.Message})", e);
        }
    }

    /// <summary>The cluster CA (the first certificate of a PEM file).</summary>
    public static X509Certificate2 LoadCa(string path)
    {
        Readable(path);
        try
        {
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(path);
            return all.Count > 0 ? all[0] : throw new TlsConfigurationException($"{path}: no PEM certificate in it");
        }
        catch (CryptographicException e)
        {
            throw new TlsConfigurationException($"{path}: not a PEM CA certificate ({e.Message})", e);
        }
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to <paramref name="ca"/> and is within its validity. Revocation is
    /// not checked (a private CA publishes no revocation list; rotate the CA to revoke).
    /// </summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 ca, X509Certificate2Collection? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }
        if (!chain.Build(certificate))
        {
            return false;
        }
        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    /// <summary>The validator for peers' certificates: signed by the cluster CA; host names not compared (see above).</summary>
    public static RemoteCertificateValidator Validator(X509Certificate2 ca) => (certificate, chain, errors) =>
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }
        var intermediates = new X509Certificate2Collection();
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                intermediates.Add(element.Certificate);
            }
        }
        return IsSignedBy(certificate, ca, intermediates);
    };

    /// <summary>
    /// Silo side: silo-to-silo connections in both directions demand a CA-signed certificate; gateway connections
    /// demand one from clients only when <paramref name="requireClientCertificate"/>.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, X509Certificate2 certificate, X509Certificate2 ca, bool requireClientCertificate)
    {
        var peers = Options(certificate, ca, RemoteCertificateMode.RequireCertificate);
        var clients = Options(certificate, ca, requireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate);
        silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(c => c.UseServerTls(peers));
            o.ConfigureSiloOutboundConnection(c => c.UseClientTls(peers));
            o.ConfigureGatewayInboundConnection(c => c.UseServerTls(clients));
        });
        return silo;
    }

    /// <summary>Client side: the gateway must prove it holds a CA-signed certificate; ours is offered when given.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, X509Certificate2 ca, X509Certificate2? certificate)
    {
        var options = Options(certificate, ca, RemoteCertificateMode.RequireCertificate);
        options.ClientCertificateMode = certificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
        client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(c => c.UseClientTls(options)));
        return client;
    }

    private static TlsOptions Options(X509Certificate2? certificate, X509Certificate2 ca, RemoteCertificateMode remote) => new()
    {
        LocalCertificate = certificate,
        RemoteCertificateMode = remote,
        RemoteCertificateValidation = Validator(ca),
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        HandshakeTimeout = HandshakeTimeout,
        // Silos dial each other by IP; the SNI name is informative only (see the class remarks).
        OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = "sweepgrid",
    };

    private static void Readable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new TlsConfigurationException($"{path}: a directory, expected a PEM file");
        }
        if (!File.Exists(path))
        {
            throw new TlsConfigurationException($"{path}: no such file (expected a PEM file)");
        }
    }
}
