using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Matrix.Complement.Harness.Auth.Mas;

/// <summary>
/// Generates the Matrix Authentication Service config (notes/rtc-auth.md §4.1): one web listener (discovery, human,
/// oauth, compat, graphql, assets) on the auth server's loopback address, health on an internal listener, PostgreSQL,
/// fresh secrets (a 32-byte encryption key and one RSA signing key), Synapse as the homeserver, password login and
/// registration on, loopback redirect URIs allowed for dynamically registered clients, rate limits relaxed.
/// </summary>
/// <param name="PublicBase">MAS's public base URL and issuer (trailing slash).</param>
/// <param name="Bind">The address MAS listens on (the web listener on <see cref="AuthAddresses.AuthServerPort"/>).</param>
/// <param name="DatabaseUri">The PostgreSQL connection URI.</param>
/// <param name="ServerName">The homeserver's server name (e.g. <c>hs1</c>).</param>
/// <param name="Homeserver">The homeserver's client API base URL MAS provisions through.</param>
/// <param name="SharedSecret">The secret shared with Synapse.</param>
public sealed record MasConfig(Uri PublicBase, IPAddress Bind, string DatabaseUri, string ServerName, Uri Homeserver, string SharedSecret)
{
    /// <summary>The config YAML, with fresh secrets on every call.</summary>
    public string Yaml()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        var yaml = new StringBuilder()
            .AppendLine("# Matrix Authentication Service config (Matrix.Complement, issue 10), generated per run.")
            .AppendLine("http:")
            .AppendLine(Invariant($"  public_base: \"{PublicBase}\""))
            .AppendLine(Invariant($"  issuer: \"{PublicBase}\""))
            .AppendLine("  listeners:")
            .AppendLine("    - name: web")
            .AppendLine("      resources:")
            .AppendLine("        - {name: discovery}")
            .AppendLine("        - {name: human}")
            .AppendLine("        - {name: oauth}")
            .AppendLine("        - {name: compat}")
            .AppendLine("        - {name: graphql}")
            .AppendLine("        - {name: assets}")
            .AppendLine(Invariant($"      binds: [{{address: \"{Bind}:{AuthAddresses.AuthServerPort}\"}}]"))
            .AppendLine("    - name: internal")
            .AppendLine("      resources: [{name: health}]")
            .AppendLine(Invariant($"      binds: [{{address: \"{Bind}:{AuthAddresses.MasHealthPort}\"}}]"))
            .AppendLine("database:")
            .AppendLine(Invariant($"  uri: \"{DatabaseUri}\""))
            .AppendLine("secrets:")
            .AppendLine(Invariant($"  encryption: \"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}\""))
            .AppendLine("  keys:")
            .AppendLine("    - kid: \"rsa-1\"")
            .AppendLine("      key: |");
        foreach (var line in pem.Split('\n', StringSplitOptions.RemoveEmptyEntries)) yaml.AppendLine("        " + line.TrimEnd('\r'));
        yaml.AppendLine("matrix:")
            .AppendLine("  kind: synapse")
            .AppendLine(Invariant($"  homeserver: \"{ServerName}\""))
            .AppendLine(Invariant($"  endpoint: \"{Homeserver}\""))
            .AppendLine(Invariant($"  secret: \"{SharedSecret}\""))
            .AppendLine("passwords:")
            .AppendLine("  enabled: true")
            .AppendLine("  schemes: [{version: 1, algorithm: argon2id}]")
            .AppendLine("account:")
            .AppendLine("  password_registration_enabled: true")
            .AppendLine("  password_registration_email_required: false")
            .AppendLine("policy:")
            .AppendLine("  data:")
            .AppendLine("    client_registration:")
            .AppendLine("      allow_insecure_uris: true")
            .AppendLine("      allow_host_mismatch: true")
            .AppendLine("      allow_missing_contacts: true")
            .AppendLine("rate_limiting:")
            .AppendLine("  login:")
            .AppendLine("    per_ip: {burst: 10000, per_second: 10000}")
            .AppendLine("    per_account: {burst: 10000, per_second: 10000}")
            .AppendLine("  registration: {burst: 10000, per_second: 10000}");
        return yaml.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
