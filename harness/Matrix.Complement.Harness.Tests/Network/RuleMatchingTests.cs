using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>Path templates and rule criteria, without a proxy.</summary>
[TestFixture]
public sealed class RuleMatchingTests
{
    private static readonly MatrixSession Alice = new("@alice-1:hs1", "ALICEDEV", "syt_alice_token_123", "pw-alice");

    private static ProxyRequest Request(string method = "PUT", string path = "/_matrix/client/v3/sendToDevice/m.room.encrypted/txn1",
        string server = "hs1", TrafficDirection direction = TrafficDirection.ClientServer, string? user = "@alice-1:hs1",
        string? token = "syt_alice_token_123", string? origin = null, string? body = null) =>
        new(server, direction, method, path, "", user, token, origin) { Body = body };

    [TestCase("/_matrix/client/v3/keys/upload", "/_matrix/client/v3/keys/upload", true)]
    [TestCase("/_matrix/client/v3/keys/upload", "/_matrix/client/v3/keys/upload/", true)]
    [TestCase("/_matrix/client/v3/keys/upload", "/_matrix/client/v3/keys/query", false)]
    [TestCase("/_matrix/client/v3/keys/upload", "/_matrix/client/v3/keys", false)]
    [TestCase("/_matrix/client/v3/sendToDevice/{type}/{txn}", "/_matrix/client/v3/sendToDevice/m.room.encrypted/abc", true)]
    [TestCase("/_matrix/client/v3/sendToDevice/{type}/{txn}", "/_matrix/client/v3/sendToDevice/m.room.encrypted", false)]
    [TestCase("/_matrix/client/v3/sendToDevice/{type}/{txn}", "/_matrix/client/v3/sendToDevice/m.room.encrypted/a/b", false)]
    [TestCase("/_matrix/client/{version}/sync", "/_matrix/client/r0/sync", true)]
    [TestCase("/_matrix/federation/{*rest}", "/_matrix/federation/v1/send/123", true)]
    [TestCase("/_matrix/federation/{*rest}", "/_matrix/federation", true)]
    [TestCase("/_matrix/federation/{*rest}", "/_matrix/key/v2/server", false)]
    [TestCase("/_matrix/client/v3/rooms/{room}/send/m.room.message/{txn}", "/_matrix/client/v3/rooms/%21abc%3Ahs1/send/m.room.message/t1", true)]
    [TestCase("/_matrix/client/v3/rooms/!abc:hs1/state", "/_matrix/client/v3/rooms/%21abc%3Ahs1/state", true)]
    [TestCase("/_matrix/client/v3/Keys/upload", "/_matrix/client/v3/keys/upload", false)]
    public void Path_templates_match_segment_by_segment(string template, string path, bool expected) =>
        Assert.That(new NetworkRule { Path = template }.MatchesHead(Request(path: path)), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("keys/upload")]
    [TestCase("/_matrix/{*rest}/upload")]
    public void Malformed_path_templates_are_rejected(string template) =>
        Assert.Throws<ArgumentException>(() => _ = new NetworkRule { Path = template });

    [Test]
    public void Every_set_criterion_must_hold()
    {
        var rule = NetworkRule.ClientServer("hs1").Request("put", "/_matrix/client/v3/sendToDevice/{type}/{txn}").For(Alice);
        Assert.Multiple(() =>
        {
            Assert.That(rule.MatchesHead(Request()), Is.True, "everything matches");
            Assert.That(rule.MatchesHead(Request(server: "hs2")), Is.False, "other server");
            Assert.That(rule.MatchesHead(Request(method: "POST")), Is.False, "other method");
            Assert.That(rule.MatchesHead(Request(direction: TrafficDirection.Federation)), Is.False, "other direction");
            Assert.That(rule.MatchesHead(Request(path: "/_matrix/client/v3/keys/upload")), Is.False, "other path");
            Assert.That(rule.MatchesHead(Request(user: "@bob-2:hs1", token: "syt_bob")), Is.False, "other user");
        });
    }

    [Test]
    public void A_session_rule_matches_by_token_or_by_user()
    {
        var rule = new NetworkRule().For(Alice);
        Assert.Multiple(() =>
        {
            Assert.That(rule.MatchesHead(Request(user: null)), Is.True, "token known, owner not yet learnt");
            Assert.That(rule.MatchesHead(Request(token: "syt_alice_second_device")), Is.True, "another device of the user");
            Assert.That(rule.MatchesHead(Request(user: null, token: null)), Is.False, "unauthenticated");
        });
    }

    [Test]
    public void Federation_rules_match_on_origin()
    {
        var fed = Request(direction: TrafficDirection.Federation, user: null, token: null, server: "hs2", origin: "hs1",
            path: "/_matrix/federation/v1/send/1");
        Assert.Multiple(() =>
        {
            Assert.That(NetworkRule.Federation("hs2").From("hs1").MatchesHead(fed), Is.True);
            Assert.That(NetworkRule.Federation("hs2").From("hs3").MatchesHead(fed), Is.False);
            Assert.That(NetworkRule.Federation("hs2").WhereOrigin(o => o is null).MatchesHead(fed), Is.False);
            Assert.That(NetworkRule.Federation("hs2").WhereOrigin(o => o is null).MatchesHead(fed with { Origin = null }), Is.True);
            Assert.That(NetworkRule.Federation("hs1").MatchesHead(fed), Is.False, "addressed to hs2, not hs1");
        });
    }

    [Test]
    public void Body_predicates_see_parsed_json_and_null_for_non_json()
    {
        var rule = new NetworkRule().For(Alice).WhereBody(b => b?["messages"] is not null);
        Assert.Multiple(() =>
        {
            Assert.That(rule.MatchesBody(Request(body: """{"messages":{}}""")), Is.True);
            Assert.That(rule.MatchesBody(Request(body: """{"other":1}""")), Is.False);
            Assert.That(rule.MatchesBody(Request(body: "not json")), Is.False);
            Assert.That(new NetworkRule().MatchesBody(Request(body: "not json")), Is.True, "no predicate");
        });
    }

    [Test]
    public void A_rule_must_say_whose_traffic_it_touches()
    {
        var unscoped = NetworkRule.ClientServer("hs1").Request("POST", "/_matrix/client/v3/keys/upload");
        Assert.Multiple(() =>
        {
            var e = Assert.Throws<ArgumentException>(() => unscoped.EnsureScoped(hasAmbientUsers: false));
            Assert.That(e!.Message, Does.Contain("ServerWide()").And.Contain("For(session)"));
            Assert.DoesNotThrow(() => unscoped.EnsureScoped(hasAmbientUsers: true), "ambient traffic log users");
            Assert.DoesNotThrow(() => unscoped.ServerWide().EnsureScoped(false), "explicit opt-in");
            Assert.DoesNotThrow(() => unscoped.For(Alice).EnsureScoped(false), "user-scoped");
            Assert.DoesNotThrow(() => NetworkRule.Federation("hs2").EnsureScoped(false), "federation is server-wide");
            Assert.Throws<ArgumentException>(() => NetworkRule.Federation("hs2").For(Alice).EnsureScoped(false),
                "federation requests carry no user");
        });
    }

    [Test]
    public void Rules_describe_themselves_without_tokens()
    {
        var text = NetworkRule.ClientServer("hs1").Request("put", "/_matrix/client/v3/sendToDevice/{type}/{txn}").For(Alice).ToString();
        Assert.That(text, Is.EqualTo("PUT /_matrix/client/v3/sendToDevice/{type}/{txn} on hs1 (client-server) for @alice-1:hs1"));
        Assert.That(new NetworkRule().ForAccessTokens(Alice.AccessToken).ToString(), Does.Not.Contain(Alice.AccessToken));
    }

    [TestCase("X-Matrix origin=hs1,destination=hs2,key=\"ed25519:a\",sig=\"xyz\"", "hs1")]
    [TestCase("X-Matrix origin=\"hs1\",key=\"ed25519:a\",sig=\"x\"", "hs1")]
    [TestCase("X-Matrix destination=\"hs2\", origin=hs3, key=\"k\", sig=\"s\"", "hs3")]
    [TestCase("Bearer syt_abc", null)]
    [TestCase("", null)]
    public void The_federation_origin_comes_from_the_x_matrix_header(string header, string? origin) =>
        Assert.That(FlowHandler.XMatrixOrigin(header), Is.EqualTo(origin));
}
