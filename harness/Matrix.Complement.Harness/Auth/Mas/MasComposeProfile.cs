namespace Matrix.Complement.Harness.Auth.Mas;

/// <summary>
/// The docker-compose <c>auth</c> profile (for people, on machines that can pull MAS and PostgreSQL): hs3 (Synapse
/// in MAS mode, 127.0.0.13) delegating to MAS at 127.0.0.200:8080 (health 8081) with PostgreSQL at 127.0.0.201 —
/// the addresses the harness gives the auth server in loopback slot 0. Its committed config files are these
/// generators' output (a unit test keeps them in step); MAS's secrets are generated when the profile starts.
/// </summary>
public static class MasComposeProfile
{
    /// <summary>The homeserver that delegates to MAS in the profile.</summary>
    public const string ServerName = "hs3";

    /// <summary>hs3's client API.</summary>
    public static readonly Uri Homeserver = new("http://127.0.0.13:8008/");

    /// <summary>MAS's public base URL and issuer.</summary>
    public static Uri MasBaseUrl => AuthAddresses.AuthServerBaseUrl(AuthAddresses.AuthServerAddress(0));

    /// <summary>A fixed secret for a hand-run local topology only (the harness draws a fresh one per run).</summary>
    public const string SharedSecret = "matrix-complement-compose-only-secret";

    /// <summary>Where the committed files live, relative to the repository root.</summary>
    public const string MasSettingsPath = "fixtures/auth/compose/mas.yaml", SynapseOverlayPath = "fixtures/auth/compose/conf.d/mas.yaml";

    /// <summary>MAS's settings (all but secrets) for the profile: <c>fixtures/auth/compose/mas.yaml</c>.</summary>
    public static string MasSettingsYaml() => new MasConfig(MasBaseUrl, AuthAddresses.AuthServerAddress(0),
        $"postgresql://mas:mas@127.0.0.201:{AuthAddresses.PostgresPort}/mas", ServerName, Homeserver, SharedSecret).SettingsYaml();

    /// <summary>hs3's MAS-mode overlay for the profile: <c>fixtures/auth/compose/conf.d/mas.yaml</c>.</summary>
    public static string SynapseOverlayYaml() => SynapseMasOverlay.Yaml(MasBaseUrl, SharedSecret);
}
