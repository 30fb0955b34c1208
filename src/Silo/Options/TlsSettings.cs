namespace SweepGrid.Silo.Options;

/// <summary>
/// PEM files for TLS between silos and from clients to gateways (SweepGrid:Tls:*). Every certificate of one cluster is
/// signed by one cluster CA: a peer is trusted when its chain ends at <see cref="Ca"/>. In Kubernetes these are the
/// ca.crt, tls.crt and tls.key of a mounted Secret (cert-manager writes that layout); `sweepgrid certs` makes a set.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>This silo's certificate (PEM, may hold the chain after the leaf).</summary>
    public string? Certificate { get; set; }

    /// <summary>The certificate's private key (PEM, PKCS#8 or RSA/EC).</summary>
    public string? Key { get; set; }

    /// <summary>The cluster CA certificate (PEM): the only trust anchor for silos and clients.</summary>
    public string? Ca { get; set; }

    /// <summary>
    /// Gateways accept only clients that present a certificate signed by <see cref="Ca"/> (mutual TLS), in addition to
    /// the client token when one is set. Silos always require each other's certificates.
    /// </summary>
    public bool RequireClientCertificate { get; set; }
}
