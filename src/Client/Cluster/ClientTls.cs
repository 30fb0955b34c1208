using System.Security.Cryptography.X509Certificates;
using SweepGrid.Silo.Security;

namespace SweepGrid.Client.Cluster;

/// <summary>
/// How the CLI speaks TLS to gateways: the cluster CA it trusts and, for clusters that require one, its own
/// certificate. From --tls-ca/--tls-cert/--tls-key, else $SWEEPGRID_TLS_CA/$SWEEPGRID_TLS_CERT/$SWEEPGRID_TLS_KEY.
/// With no CA the client speaks plain TCP, which a TLS cluster refuses at the handshake (before any call is sent).
/// </summary>
public sealed record ClientTls(X509Certificate2 Ca, X509Certificate2? Certificate)
{
    public const string CaVariable = "SWEEPGRID_TLS_CA";
    public const string CertificateVariable = "SWEEPGRID_TLS_CERT";
    public const string KeyVariable = "SWEEPGRID_TLS_KEY";

    /// <summary>The TLS settings given, or null for plain TCP; a wrong or missing file throws <see cref="TlsConfigurationException"/>.</summary>
    public static ClientTls? Resolve(string? ca, string? certificate, string? key)
    {
        ca = ClusterConnection.OptionOrEnvironment(ca, CaVariable);
        certificate = ClusterConnection.OptionOrEnvironment(certificate, CertificateVariable);
        key = ClusterConnection.OptionOrEnvironment(key, KeyVariable);
        if (ca is null)
        {
            return certificate is null && key is null ? null
                : throw new TlsConfigurationException("--tls-cert/--tls-key need --tls-ca (the cluster's CA certificate) too");
        }
        if ((certificate is null) != (key is null))
        {
            throw new TlsConfigurationException("--tls-cert and --tls-key go together: a client certificate and its private key");
        }
        return new ClientTls(
            Named("--tls-ca", CaVariable, () => ClusterTls.LoadCa(ca)),
            certificate is null ? null : Named("--tls-cert/--tls-key", CertificateVariable, () => ClusterTls.LoadCertificate(certificate, key!)));
    }

    /// <summary>The file's error with the option (and variable) it came from, so the user knows what to fix.</summary>
    private static T Named<T>(string option, string variable, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (TlsConfigurationException e)
        {
            throw new TlsConfigurationException($"{option} (or ${variable}): {e.Message}", e);
        }
    }
}
