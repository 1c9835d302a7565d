using System.Globalization;
using System.Text;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// The <c>conf.d</c> overlay that puts Synapse (1.136+) in MAS mode (notes/synapse.md §12.2): the
/// <c>matrix_authentication_service</c> block pointing at the auth server (MAS or the stand-in), and the keys that
/// block forbids switched off (<c>enable_registration</c>, password login). Synapse overlays replace top-level keys,
/// so an overlay combined with this one must not set <c>experimental_features</c> again without repeating its flags.
/// </summary>
public static class SynapseMasOverlay
{
    /// <summary>The overlay YAML for an auth server at <paramref name="endpoint"/> sharing <paramref name="secret"/>.</summary>
    /// <param name="endpoint">The auth server's base URL; Synapse reads discovery and posts to <c>oauth2/introspect</c> under it.</param>
    /// <param name="secret">The shared secret (introspection bearer and <c>/_synapse/mas/*</c> bearer).</param>
    /// <param name="qrLogin">Also turn on MSC4108 QR-login rendezvous (<c>experimental_features.msc4108_enabled</c>).</param>
    public static string Yaml(Uri endpoint, string secret, bool qrLogin = true)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Any(c => c is '"' or '\\' || char.IsControl(c)))
            throw new ArgumentException("The shared secret must be non-empty printable text without quotes or backslashes.", nameof(secret));
        var yaml = new StringBuilder()
            .AppendLine("# Synapse delegating auth to an OAuth 2.0 server (Matrix.Complement, issue 10). Replaces these top-level keys.")
            .AppendLine("enable_registration: false")
            .AppendLine("enable_registration_without_verification: false")
            .AppendLine("password_config: {enabled: false}")
            .AppendLine("matrix_authentication_service:")
            .AppendLine("  enabled: true")
            .AppendLine(CultureInfo.InvariantCulture, $"  endpoint: \"{endpoint}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"  secret: \"{secret}\"");
        if (qrLogin)
            yaml.AppendLine("experimental_features:").AppendLine("  msc4108_enabled: true");
        return yaml.ToString();
    }

    /// <summary>The overlay for <paramref name="server"/> (default <c>hs1</c>), ready for <c>DeploymentOptions.ConfigOverlays</c>.</summary>
    public static IReadOnlyDictionary<string, string> Overlays(Uri endpoint, string secret, string server = "hs1", bool qrLogin = true) =>
        new Dictionary<string, string> { [server] = Yaml(endpoint, secret, qrLogin) };
}
