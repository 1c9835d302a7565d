using Matrix.Complement.Harness.Deployment.Profiles;
using Matrix.Complement.Harness.Rtc.Sfu;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>The SFU path's generated configs and MatrixRTC's LiveKit names (issue 9 item 4), without containers.</summary>
[Msc(4195)]
public sealed class SfuConfigTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";

    [Test]
    public void Livekit_yaml_binds_loopback_announces_it_and_never_auto_creates_rooms()
    {
        var config = new LiveKitServerConfig
        {
            Address = IPAddress.Parse("127.0.0.30"), ApiSecret = Secret, WebhookUrls = [new Uri("http://127.0.0.1:8080/sfu_webhook")],
        };

        var yaml = config.ToYaml();

        Assert.That(yaml, Does.Contain("port: 7880\n").And.Contain("bind_addresses: [\"127.0.0.30\"]")
            .And.Contain("  node_ip: \"127.0.0.30\"").And.Contain("  use_external_ip: false")
            .And.Contain("  udp_port: 7882").And.Contain("  tcp_port: 7881")
            .And.Contain($"  devkey: \"{Secret}\"").And.Contain("room:\n  auto_create: false")
            .And.Contain("webhook:\n  api_key: devkey\n  urls:\n    - \"http://127.0.0.1:8080/sfu_webhook\""));
        Assert.That(config.WebSocketUrl, Is.EqualTo(new Uri("ws://127.0.0.30:7880")));
    }

    [Test]
    public void Livekit_yaml_refuses_a_short_secret() =>
        Assert.Throws<InvalidOperationException>(() => new LiveKitServerConfig { ApiSecret = "short" }.ToYaml());

    [Test]
    public void Lk_jwt_service_environment_points_at_livekit_and_names_full_access_homeservers()
    {
        var config = new LkJwtServiceConfig
        {
            LiveKitUrl = new Uri("ws://127.0.0.30:7880"), ApiKey = "devkey", ApiSecret = Secret,
            FullAccessHomeservers = ["hs1", "hs2"], InsecureSkipVerifyTls = true,
        };

        var env = config.ToEnvironment();

        Assert.That(env, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["LIVEKIT_URL"] = "ws://127.0.0.30:7880",
            ["LIVEKIT_KEY"] = "devkey",
            ["LIVEKIT_SECRET"] = Secret,
            ["LIVEKIT_FULL_ACCESS_HOMESERVERS"] = "hs1,hs2",
            ["LIVEKIT_JWT_BIND"] = "127.0.0.1:8080",
            ["LIVEKIT_INSECURE_SKIP_VERIFY_TLS"] = "YES_I_KNOW_WHAT_I_AM_DOING",
        }));
        Assert.That(config.ServiceUrl, Is.EqualTo(new Uri("http://127.0.0.1:8080")));
    }

    [Test]
    public void Lk_jwt_service_verifies_tls_unless_told_and_needs_full_access_homeservers()
    {
        var config = new LkJwtServiceConfig { LiveKitUrl = new Uri("ws://127.0.0.1:7880"), ApiKey = "k", ApiSecret = Secret };

        Assert.That(config.ToEnvironment(), Does.Not.ContainKey("LIVEKIT_INSECURE_SKIP_VERIFY_TLS"));
        Assert.That(config.ToEnvironment()["LIVEKIT_FULL_ACCESS_HOMESERVERS"], Is.EqualTo("*"));
        Assert.Throws<InvalidOperationException>(() => (config with { FullAccessHomeservers = [] }).ToEnvironment());
    }

    [Test]
    public void The_rtc_profile_overlay_names_the_jwt_service_as_its_livekit_transport()
    {
        var jwt = new LkJwtServiceConfig { LiveKitUrl = new Uri("ws://127.0.0.1:7880"), ApiKey = "k", ApiSecret = Secret };

        var yaml = RtcProfile.Yaml(jwt.ServiceUrl);

        Assert.That(yaml, Does.Contain("    - type: livekit\n      livekit_service_url: \"http://127.0.0.1:8080\""));
        foreach (var flag in RtcProfile.ExperimentalFlags) Assert.That(yaml, Does.Contain($"  {flag}: true"));
    }

    // Expected values computed independently (Python: base64 of SHA-256 over json.dumps(..., separators=(',', ':')), '=' stripped).
    [Test]
    public void Room_alias_and_participant_identity_hash_canonical_json_arrays()
    {
        Assert.That(LiveKitIdentities.RoomAlias("!abc:hs1"), Is.EqualTo("Dl6P6KLqLiRMGCyHkDN0+RjWvbXVreaZOJLicDErOAI"));
        Assert.That(LiveKitIdentities.ParticipantIdentity("@alice:hs1", "ALICEDEV", "c0ffee"),
            Is.EqualTo("Py0gScL7oSEkJTvrFsig/AOPxZI8Nd/JL78qUhiqao4"));
        Assert.That(LiveKitIdentities.LegacyParticipantIdentity("@alice:hs1", "ALICEDEV"), Is.EqualTo("@alice:hs1:ALICEDEV"));
    }
}
