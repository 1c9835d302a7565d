using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>What a flow log line may contain.</summary>
[TestFixture]
public sealed class FlowRedactionTests
{
    private static FlowRecord Record(string path, string? requestBody = null, string? responseBody = null) => new()
    {
        Time = DateTimeOffset.UtcNow,
        Server = "hs1",
        Direction = TrafficDirection.ClientServer,
        Method = "PUT",
        Path = Redaction.Redact(path),
        Status = 200,
        RequestBody = FlowRecord.Clip(requestBody),
        ResponseBody = FlowRecord.Clip(responseBody),
    };

    [Test]
    public void Lines_carry_the_documented_fields()
    {
        var line = JsonNode.Parse(new FlowRecord
        {
            Time = DateTimeOffset.UnixEpoch, Server = "hs2", Direction = TrafficDirection.Federation, Origin = "hs1",
            Method = "PUT", Path = "/_matrix/federation/v1/send/1", Status = 200, DurationMs = 1.5, RequestBytes = 10,
            ResponseBytes = 20, Rules = ["partition hs1 -> hs2 -> drop request"],
        }.ToJsonLine())!.AsObject();
        Assert.That(line.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "time", "server", "direction", "origin", "method", "path", "status", "duration_ms", "request_bytes",
            "response_bytes", "rules",
        }));
        Assert.That(line["direction"]!.GetValue<string>(), Is.EqualTo("federation"));
    }

    [Test]
    public void Tokens_in_queries_are_masked_by_shape()
    {
        var line = Record("/_matrix/client/v3/sync?since=s1&access_token=syt_dW5rbm93bg_shapeonly_1a2b3c&timeout=0").ToJsonLine();
        Assert.That(line, Does.Not.Contain("syt_dW5rbm93bg_shapeonly_1a2b3c"));
        Assert.That(line, Does.Contain("access_token=" + Redaction.Mask).And.Contain("timeout=0"));
    }

    [Test]
    public void Passwords_recovery_keys_and_secret_storage_payloads_are_masked_in_bodies()
    {
        const string password = "correct horse battery staple";
        const string recoveryKey = "EsTc Lv7N JnMc GTaT 9ziV mZ5s xcsA 3yTz 5Bs9 rbXK GeLq Qj1d";
        var login = $$"""{"type":"m.login.password","identifier":{"type":"m.id.user","user":"alice"},"password":"{{password}}"}""";
        var secretStorage = """{"encrypted":{"key1":{"iv":"aXZpdml2aXY","ciphertext":"Y2lwaGVydGV4dHNlY3JldA","mac":"bWFjbWFjbWFj"}}}""";
        var loginResponse = """{"user_id":"@alice:hs1","access_token":"syt_YWxpY2U_loginshape_9z8y7x","device_id":"D"}""";
        var lines = string.Join('\n',
            Record("/_matrix/client/v3/login", login, loginResponse).ToJsonLine(),
            Record("/_matrix/client/v3/user/%40alice%3Ahs1/account_data/m.cross_signing.master", secretStorage).ToJsonLine(),
            Record("/x", $"my recovery key is {recoveryKey}").ToJsonLine());
        Assert.Multiple(() =>
        {
            foreach (var secret in new[] { password, recoveryKey, "Y2lwaGVydGV4dHNlY3JldA", "bWFjbWFjbWFj", "aXZpdml2aXY",
                         "syt_YWxpY2U_loginshape_9z8y7x" })
                Assert.That(lines, Does.Not.Contain(secret));
            Assert.That(lines, Does.Contain("@alice:hs1"), "non-secret content stays readable");
        });
    }

    [Test]
    public void Tokens_learnt_by_the_proxy_are_masked_wherever_they_appear()
    {
        var tokens = new TokenDirectory();
        const string token = "opaque-token-learnt-from-register-7f3e";
        var user = tokens.Learn($$"""{"user_id":"@carol:hs1","access_token":"{{token}}","device_id":"D"}""", null);
        Assert.That(user, Is.EqualTo("@carol:hs1"));
        Assert.That(tokens.UserOf(token), Is.EqualTo("@carol:hs1"));
        var line = Record($"/_matrix/media/v3/download/hs1/{token}", $"free text {token}").ToJsonLine();
        Assert.That(line, Does.Not.Contain(token));
    }

    [Test]
    public void Long_bodies_are_truncated()
    {
        var clipped = FlowRecord.Clip(new string('a', 10_000))!;
        Assert.That(clipped.Length, Is.LessThan(4200));
        Assert.That(clipped, Does.EndWith("(+5904 chars)"));
    }
}
