using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Tests.Diagnostics;

public sealed class RedactionTests
{
    [Test]
    public void Registered_secrets_are_masked_wherever_they_appear()
    {
        var token = "syt_" + Guid.NewGuid().ToString("N");
        Redaction.Register(token);
        var text = $"GET /sync?since=1 auth={token} and again {token}";
        Assert.That(Redaction.Redact(text), Does.Not.Contain(token).And.Contain(Redaction.Mask));
    }

    [TestCase("""{"access_token":"abc123def","user_id":"@a:hs1"}""", "abc123def")]
    [TestCase("""{"password": "hunter2-long"}""", "hunter2-long")]
    [TestCase("""{"auth":{"type":"m.login.password","password":"s3cr3t-pw"}}""", "s3cr3t-pw")]
    [TestCase("Authorization: Bearer syt_abcdefghijkl", "syt_abcdefghijkl")]
    [TestCase("/_matrix/client/v3/sync?access_token=syt_qwertyuiop&since=s1", "syt_qwertyuiop")]
    [TestCase("recovery key EsTc LW2K PGiF wKEA 3As5 g5c4 BXwk qeeJ ZJV8 Q9fu gUMN UE4d", "EsTc LW2K")]
    [TestCase("""{"encrypted":{"abc":{"iv":"ivvalue==","ciphertext":"cipher==","mac":"macvalue"}}}""", "cipher==")]
    public void Secrets_are_masked_by_shape(string text, string secret)
    {
        var redacted = Redaction.Redact(text);
        Assert.That(redacted, Does.Not.Contain(secret));
        Assert.That(redacted, Does.Contain(Redaction.Mask));
    }

    [Test]
    public void Ordinary_content_is_left_alone()
    {
        const string text = """{"user_id":"@alice:hs1","body":"hello","room_id":"!r:hs1"}""";
        Assert.That(Redaction.Redact(text), Is.EqualTo(text));
    }

    [Test]
    public void The_harness_exceptions_mask_secrets_at_source()
    {
        const string token = "syt_secret_token_for_exceptions";
        Redaction.Register(token);
        Exception[] thrown =
        [
            new Matrix.Complement.Harness.Clients.ExpectationFailedException($"alice saw {token}"),
            new Matrix.Complement.Harness.Clients.Protocol.DriverProtocolException($"bad line {{\"accessToken\": \"{token}\"}}"),
            new Matrix.Complement.Harness.Deployment.HomeserverStartException($"log tail: {token}"),
            new Matrix.Complement.Harness.Http.MatrixApiException("POST", "/login", System.Net.HttpStatusCode.Forbidden,
                "{\"access_token\": \"abcdefgh\"}"),
        ];
        foreach (var e in thrown)
        {
            Assert.That(e.Message, Does.Not.Contain(token).And.Not.Contain("abcdefgh"), e.GetType().Name);
            Assert.That(e.Message, Does.Contain(Redaction.Mask), e.GetType().Name);
        }
    }
}
