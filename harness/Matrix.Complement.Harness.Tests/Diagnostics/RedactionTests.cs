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
}
