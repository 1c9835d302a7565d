using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// The per-run certificate authority: one CA per deployment, and a TLS certificate per homeserver with its name and
/// loopback address as subject alternative names. Written as PEM files in the layout of the image contract
/// (<c>ca.crt</c>, <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c>), one folder per server.
/// </summary>
public sealed class RunCertificateAuthority : IDisposable
{
    private readonly ECDsa _caKey;

    /// <summary>The CA certificate (public part).</summary>
    public X509Certificate2 Certificate { get; }

    private RunCertificateAuthority(ECDsa caKey, X509Certificate2 certificate)
    {
        _caKey = caKey;
        Certificate = certificate;
    }

    /// <summary>Creates a CA valid for two days, named after the run.</summary>
    public static RunCertificateAuthority Create(string runId)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Matrix.Complement run {runId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        return new RunCertificateAuthority(key, certificate);
    }

    /// <summary>Issues a server certificate for <paramref name="dnsName"/> and <paramref name="address"/>.</summary>
    public X509Certificate2 Issue(string dnsName, IPAddress address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey),
            now.AddMinutes(-5), now.AddDays(2), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Writes the image-contract folder for one server: the CA pair and the server's own pair.
    /// Returns the folder, to be mounted read-only at <c>/complement/ca</c>.
    /// </summary>
    public string WriteServerFolder(string directory, string dnsName, IPAddress address)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), Certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "ca.key"), _caKey.ExportPkcs8PrivateKeyPem());
        using var server = Issue(dnsName, address);
        File.WriteAllText(Path.Combine(directory, "server.crt"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return directory;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        _caKey.Dispose();
    }
}
