using System.Reflection;
using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Rtc;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// The MatrixRTC wrapper's harness logic, without a browser: which clients it accepts, and how keys and key matches
/// compare. Its commands run against real matrix-js-sdk clients in the Calls scenarios.
/// </summary>
public sealed class MatrixRtcParticipantTests
{
    [Test]
    public void A_client_that_is_not_a_driver_client_is_refused_with_the_reason_also_through_the_log_wrapper()
    {
        var client = FakeClient.Create();
        var logged = new LoggedClient(client, ClientTimelineLog.To(TextWriter.Null), "test");

        foreach (var c in new[] { client, logged })
        {
            var e = Assert.Throws<NotSupportedException>(() => MatrixRtcParticipant.For(c))!;
            Assert.That(e.Message, Does.Contain("not a driver client"));
        }
    }

    [Test]
    public void Same_key_means_same_index_and_bytes()
    {
        var key = new RtcKeyEvent("!r:hs1", "@a:hs1", "A", "@a:hs1:A", 3, "AAAA", "h1", Own: true, At: 1);

        Assert.Multiple(() =>
        {
            Assert.That(key.SameKeyAs(key with { Own = false, At = 2, UserId = "@b:hs1" }), Is.True);
            Assert.That(key.SameKeyAs(key with { Index = 4 }), Is.False);
            Assert.That(key.SameKeyAs(key with { Key = "BBBB" }), Is.False);
        });
    }

    [Test]
    public void A_match_for_the_same_key_names_its_owner_index_and_hash_as_received()
    {
        var key = new RtcKeyEvent("!r:hs1", "@a:hs1", "A", "@a:hs1:A", 7, "AAAA", "0123456789abcdef", Own: true, At: 1);

        var match = RtcKeyMatch.SameAs(key);

        Assert.That(match, Is.EqualTo(new RtcKeyMatch
        {
            RoomId = "!r:hs1", UserId = "@a:hs1", DeviceId = "A", Index = 7, KeyHash = "0123456789abcdef", Own = false,
        }));
        Assert.That(match.ToString(), Does.Contain("index 7").And.Contain("key#0123456789abcdef").And.Contain("received"));
    }

    /// <summary>An <see cref="IClient"/> that only answers who it is; any call throws.</summary>
    public class FakeClient : DispatchProxy
    {
        public static IClient Create() => Create<IClient, FakeClient>();

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_Actor" => "alice",
            "get_UserId" => "@alice:hs1",
            "get_DeviceId" => "ALICE",
            "get_Homeserver" => "hs1",
            "get_Kind" => ClientKind.Raw,
            "get_SyncMode" => SyncMode.V2,
            "get_Features" => new HashSet<ClientFeature> { ClientFeature.MatrixRtc },
            "ToString" => "alice (fake)",
            _ => throw new NotSupportedException($"the fake client does not implement {method?.Name}"),
        };
    }
}
