using Matrix.Complement.Harness.Auth;
using Matrix.Complement.Harness.Auth.Mas;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Tests.Auth;

/// <summary>The generated auth configs (issue 10 items 1 and 2): Synapse's MAS-mode overlay and MAS's config.</summary>
public sealed class AuthConfigTests
{
    private static readonly Uri Endpoint = new("http://127.0.3.200:8080/");

    [Test]
    public void The_Synapse_overlay_enables_delegation_and_switches_off_what_it_forbids()
    {
        var yaml = SynapseMasOverlay.Yaml(Endpoint, "s3cret");

        Assert.That(yaml, Does.Contain("matrix_authentication_service:\n  enabled: true\n")
            .And.Contain($"  endpoint: \"{Endpoint}\"\n").And.Contain("  secret: \"s3cret\"\n"));
        Assert.That(yaml, Does.Contain("\nenable_registration: false\n").And.Contain("\npassword_config: {enabled: false}\n"));
        Assert.That(yaml, Does.Not.Contain("msc3861"), "removed in Synapse 1.157");
    }

    [Test]
    public void The_Synapse_overlay_turns_on_QR_login_only_when_asked()
    {
        Assert.That(SynapseMasOverlay.Yaml(Endpoint, "s", qrLogin: true), Does.Contain("  msc4108_enabled: true"));
        Assert.That(SynapseMasOverlay.Yaml(Endpoint, "s", qrLogin: false), Does.Not.Contain("experimental_features"));
    }

    [TestCase(""), TestCase("a\"b"), TestCase("a\\b"), TestCase("a\nb")]
    public void The_Synapse_overlay_refuses_a_secret_that_would_break_the_YAML(string secret) =>
        Assert.Throws<ArgumentException>(() => SynapseMasOverlay.Yaml(Endpoint, secret));

    [Test]
    public void The_MAS_config_binds_loopback_and_points_at_Synapse_with_the_shared_secret()
    {
        var config = new MasConfig(Endpoint, IPAddress.Parse("127.0.3.200"), "postgresql://mas:mas@127.0.3.201:5432/mas",
            "hs1", new Uri("http://127.0.4.11:8008/"), "s3cret");

        var yaml = config.Yaml();

        Assert.That(yaml, Does.Contain($"  public_base: \"{Endpoint}\"").And.Contain($"  issuer: \"{Endpoint}\""));
        Assert.That(yaml, Does.Contain("binds: [{address: \"127.0.3.200:8080\"}]").And.Contain("binds: [{address: \"127.0.3.200:8081\"}]"));
        Assert.That(yaml, Does.Contain("matrix:\n  kind: synapse\n  homeserver: \"hs1\"\n  endpoint: \"http://127.0.4.11:8008/\"\n  secret: \"s3cret\"\n"));
        Assert.That(yaml, Does.Contain("  uri: \"postgresql://mas:mas@127.0.3.201:5432/mas\""));
        Assert.That(yaml, Does.Contain("-----BEGIN RSA PRIVATE KEY-----").And.Contain("- {name: oauth}").And.Contain("- {name: compat}"));
        Assert.That(yaml.Split('\n'), Has.None.Contains("\t"), "YAML indents with spaces only");
    }

    [Test]
    public void Each_MAS_config_has_fresh_secrets()
    {
        var config = new MasConfig(Endpoint, IPAddress.Loopback, "postgresql://x", "hs1", new Uri("http://127.0.0.11:8008/"), "s");

        var first = config.Yaml();
        var second = config.Yaml();

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [TestCase(null, AuthMode.StandIn), TestCase("standin", AuthMode.StandIn), TestCase("MAS", AuthMode.Mas), TestCase("none", AuthMode.None)]
    public void The_auth_mode_is_read_from_one_variable(string? value, AuthMode expected) =>
        Assert.That(AuthSettings.Parse(value), Is.EqualTo(expected));

    [Test]
    public void An_unknown_auth_mode_names_the_variable() =>
        Assert.That(() => AuthSettings.Parse("oidc"), Throws.InvalidOperationException.With.Message.Contains("MATRIX_COMPLEMENT_AUTH"));

    [Test]
    public void The_auth_server_takes_200_and_its_database_201_of_a_slot()
    {
        Assert.That(AuthAddresses.AuthServerAddress(7), Is.EqualTo(IPAddress.Parse("127.0.7.200")));
        Assert.That(AuthAddresses.AuthServerBaseUrl(IPAddress.Parse("127.0.7.200")).ToString(), Is.EqualTo("http://127.0.7.200:8080/"));
    }

    [Test]
    public void The_MAS_settings_carry_no_secrets_and_the_full_config_adds_them()
    {
        var config = new MasConfig(Endpoint, IPAddress.Loopback, "postgresql://x", "hs1", new Uri("http://127.0.0.11:8008/"), "s");

        Assert.That(config.SettingsYaml(), Does.Not.Contain("secrets:").And.Not.Contain("PRIVATE KEY"));
        Assert.That(config.Yaml(), Does.StartWith(config.SettingsYaml()).And.Contain("\nsecrets:\n  encryption: \""));
    }

    [TestCase(MasComposeProfile.MasSettingsPath), TestCase(MasComposeProfile.SynapseOverlayPath)]
    public void The_compose_auth_profile_files_are_the_generators_output(string path)
    {
        var expected = path == MasComposeProfile.MasSettingsPath ? MasComposeProfile.MasSettingsYaml() : MasComposeProfile.SynapseOverlayYaml();
        var file = Path.Combine(HarnessSettings.RepositoryRoot, path);

        Assert.That(File.Exists(file) ? File.ReadAllText(file) : "(missing)", Is.EqualTo(expected),
            $"{path} must be exactly {nameof(MasComposeProfile)}'s output: regenerate it with " +
            "`dotnet run --project harness/Matrix.Complement.Cli -- compose-auth-files`");
    }

    [Test]
    public void The_compose_auth_profile_pins_the_harness_default_images()
    {
        var compose = File.ReadAllText(Path.Combine(HarnessSettings.RepositoryRoot, "docker-compose.yml"));

        Assert.That(compose, Does.Contain($"${{MATRIX_COMPLEMENT_MAS_IMAGE:-{MasImages.DefaultMas}}}"));
        Assert.That(compose, Does.Contain($"${{MATRIX_COMPLEMENT_POSTGRES_IMAGE:-{MasImages.DefaultPostgres}}}"));
        Assert.That(MasImages.DefaultMas, Does.Match(@":\d+\.\d+\.\d+$"), "a release tag, never latest");
    }
}
