using System.Security.Cryptography.X509Certificates;
using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Harness.Tests.Deployment;

public sealed class RunCertificateAuthorityTests
{
    [Test]
    public void A_server_certificate_chains_to_the_run_CA_and_names_the_server_and_its_address()
    {
        using var ca = RunCertificateAuthority.Create("unit");
        using var cert = ca.Issue("hs2", IPAddress.Parse("127.0.0.12"));

        Assert.That(ChainsTo(ca, cert, out var status), Is.True, status);

        Assert.That(cert.MatchesHostname("hs2"), Is.True);
        Assert.That(cert.MatchesHostname("127.0.0.12"), Is.True);
        Assert.That(cert.MatchesHostname("hs1"), Is.False);
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.That(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value), Does.Contain("1.3.6.1.5.5.7.3.1"));
    }

    [Test]
    public void Another_run_CA_does_not_validate_the_certificate()
    {
        using var ca = RunCertificateAuthority.Create("one");
        using var other = RunCertificateAuthority.Create("two");
        using var cert = ca.Issue("hs1", IPAddress.Parse("127.0.0.11"));

        Assert.That(ChainsTo(other, cert, out _), Is.False);
    }

    [Test]
    public void The_server_folder_follows_the_image_contract_layout()
    {
        using var ca = RunCertificateAuthority.Create("unit");
        var dir = Path.Combine(Path.GetTempPath(), "mc-ca-" + Guid.NewGuid().ToString("N"));
        try
        {
            ca.WriteServerFolder(dir, "hs1", IPAddress.Parse("127.0.0.11"));
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "ca.crt", "ca.key", "server.crt", "server.key" }));
            var server = X509Certificate2.CreateFromPemFile(Path.Combine(dir, "server.crt"), Path.Combine(dir, "server.key"));
            Assert.That(server.HasPrivateKey, Is.True);
            Assert.That(server.Issuer, Is.EqualTo(ca.Certificate.Subject));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static bool ChainsTo(RunCertificateAuthority ca, X509Certificate2 cert, out string status)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var built = chain.Build(cert);
        status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation));
        return built;
    }
}
