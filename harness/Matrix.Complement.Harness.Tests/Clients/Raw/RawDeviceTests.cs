using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Raw;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Clients.Raw;

/// <summary>
/// The raw device's own protocol logic, without a homeserver: signed keys, Olm to-device messages and their sender and
/// recipient checks, Megolm room events with the failure codes and replay detection a UTD report depends on.
/// </summary>
public sealed class RawDeviceTests
{
    private RawDevice _alice = null!;
    private RawDevice _bob = null!;

    [SetUp]
    public void CreateDevices()
    {
        Require.That(RawShim.IsAvailable, "the vodozemac shim is not built here (run set-up)");
        _alice = new RawDevice("@alice:hs1", "ALICE");
        _bob = new RawDevice("@bob:hs1", "BOB");
    }

    [TearDown]
    public void DisposeDevices()
    {
        _alice?.Dispose();
        _bob?.Dispose();
    }

    private static RawDeviceKeys KeysOf(RawDevice device) =>
        RawDeviceKeys.Parse(device.UserId, device.DeviceId, device.SignedDeviceKeys(), out var why)
        ?? throw new AssertionException($"own device keys rejected: {why}");

    // Bob starts an Olm session with Alice from one of her signed one-time keys.
    private void BobClaimsAliceKey()
    {
        var otk = _alice.NewSignedOneTimeKeys(1).First().Value!.AsObject();
        _alice.MarkKeysAsPublished();
        _bob.CreateOutboundSession(KeysOf(_alice), otk);
    }

    [Test]
    public void Device_keys_are_self_signed_and_a_changed_key_breaks_the_signature()
    {
        var keys = _alice.SignedDeviceKeys();
        Assert.That(RawDeviceKeys.Parse("@alice:hs1", "ALICE", keys, out _), Is.Not.Null);

        keys["keys"]!["curve25519:ALICE"] = _bob.Keys.Curve25519;
        Assert.That(RawDeviceKeys.Parse("@alice:hs1", "ALICE", keys, out var why), Is.Null);
        Assert.That(why, Does.Contain("not validly self-signed"));
    }

    [Test]
    public void Device_keys_listed_under_another_device_id_are_rejected()
    {
        Assert.That(RawDeviceKeys.Parse("@alice:hs1", "OTHER", _alice.SignedDeviceKeys(), out var why), Is.Null);
        Assert.That(why, Does.Contain("names @alice:hs1/ALICE"));
    }

    [Test]
    public void An_olm_to_device_message_decrypts_and_names_both_ends()
    {
        BobClaimsAliceKey();
        var content = new JsonObject { ["hello"] = "alice" };
        var wire = _bob.EncryptToDevice(KeysOf(_alice), _bob.OlmPayload(KeysOf(_alice), "m.mc.test", content));

        var payload = _alice.DecryptToDevice("@bob:hs1", wire);

        Assert.That((string?)payload["type"], Is.EqualTo("m.mc.test"));
        Assert.That((string?)payload["content"]?["hello"], Is.EqualTo("alice"));
        Assert.That((string?)payload["sender_key"], Is.EqualTo(_bob.Keys.Curve25519));
        Assert.That((string?)payload["keys"]?["ed25519"], Is.EqualTo(_bob.Keys.Ed25519));
    }

    [Test]
    public void An_olm_payload_that_claims_another_sender_is_rejected()
    {
        BobClaimsAliceKey();
        var payload = _bob.OlmPayload(KeysOf(_alice), "m.room_key", []);
        payload["sender"] = "@charlie:hs1";
        var wire = _bob.EncryptToDevice(KeysOf(_alice), payload);

        var e = Assert.Throws<RawProtocolException>(() => _alice.DecryptToDevice("@bob:hs1", wire));
        Assert.That(e!.Message, Does.Contain("claims sender @charlie:hs1"));
    }

    [Test]
    public void An_olm_payload_for_another_recipient_is_rejected()
    {
        BobClaimsAliceKey();
        var payload = _bob.OlmPayload(KeysOf(_alice), "m.room_key", []);
        payload["recipient"] = "@charlie:hs1";
        var wire = _bob.EncryptToDevice(KeysOf(_alice), payload);

        Assert.Throws<RawProtocolException>(() => _alice.DecryptToDevice("@bob:hs1", wire));
    }

    [Test]
    public void A_one_time_key_not_signed_by_its_device_is_refused()
    {
        var otk = _alice.NewSignedOneTimeKeys(1).First().Value!.AsObject();
        otk["signatures"]!["@alice:hs1"]!["ed25519:ALICE"] = _alice.Sign("something else");
        Assert.Throws<RawProtocolException>(() => _bob.CreateOutboundSession(KeysOf(_alice), otk));
        Assert.That(_bob.HasOlmSession(_alice.Keys.Curve25519), Is.False);
    }

    [Test]
    public void A_megolm_event_decrypts_once_the_room_key_arrives_and_reports_an_unknown_session_before()
    {
        var outbound = _alice.Outbound("!r:hs1");
        var key = RoomKey(outbound, "@alice:hs1");
        var wire = _alice.EncryptRoomEvent(outbound, "m.room.message", new JsonObject { ["body"] = "hi" });

        var before = _bob.DecryptRoomEvent("!r:hs1", "$1", "@alice:hs1", wire);
        Assert.That(before.FailureCode, Is.EqualTo(DecryptionFailureCode.MegolmUnknownInboundSessionId));

        Assert.That(_bob.AddRoomKey(key), Is.True);
        var after = _bob.DecryptRoomEvent("!r:hs1", "$1", "@alice:hs1", wire);
        Assert.That((after.State, after.Type, (string?)after.Content?["body"]),
            Is.EqualTo((DecryptionState.Decrypted, "m.room.message", "hi")));
    }

    [Test]
    public void A_key_shared_after_a_message_was_sent_reports_an_unknown_message_index()
    {
        var outbound = _alice.Outbound("!r:hs1");
        var early = _alice.EncryptRoomEvent(outbound, "m.room.message", new JsonObject { ["body"] = "early" });
        _bob.AddRoomKey(RoomKey(outbound, "@alice:hs1"));

        var seen = _bob.DecryptRoomEvent("!r:hs1", "$early", "@alice:hs1", early);

        Assert.That(seen.FailureCode, Is.EqualTo(DecryptionFailureCode.OlmUnknownMessageIndex), seen.Detail);
    }

    [Test]
    public void A_replayed_index_under_a_new_event_id_is_refused_and_a_re_decryption_is_not()
    {
        var outbound = _alice.Outbound("!r:hs1");
        _bob.AddRoomKey(RoomKey(outbound, "@alice:hs1"));
        var wire = _alice.EncryptRoomEvent(outbound, "m.room.message", new JsonObject { ["body"] = "once" });

        Assert.That(_bob.DecryptRoomEvent("!r:hs1", "$1", "@alice:hs1", wire).State, Is.EqualTo(DecryptionState.Decrypted));
        Assert.That(_bob.DecryptRoomEvent("!r:hs1", "$1", "@alice:hs1", wire).State, Is.EqualTo(DecryptionState.Decrypted));
        var replay = _bob.DecryptRoomEvent("!r:hs1", "$2", "@alice:hs1", wire);
        Assert.That(replay.State, Is.EqualTo(DecryptionState.Failed));
        Assert.That(replay.Detail, Does.Contain("replay"));
    }

    [Test]
    public void An_event_from_a_user_who_does_not_own_the_session_is_not_decrypted()
    {
        var outbound = _alice.Outbound("!r:hs1");
        _bob.AddRoomKey(RoomKey(outbound, "@alice:hs1"));
        var wire = _alice.EncryptRoomEvent(outbound, "m.room.message", new JsonObject { ["body"] = "spoofed" });

        var seen = _bob.DecryptRoomEvent("!r:hs1", "$1", "@mallory:hs1", wire);

        Assert.That(seen.State, Is.EqualTo(DecryptionState.Failed));
        Assert.That(seen.Detail, Does.Contain("belongs to @alice:hs1"));
    }

    [Test]
    public void The_sender_reads_its_own_messages()
    {
        var outbound = _alice.Outbound("!r:hs1");
        var wire = _alice.EncryptRoomEvent(outbound, "m.room.message", new JsonObject { ["body"] = "mine" });
        Assert.That(_alice.DecryptRoomEvent("!r:hs1", "$1", "@alice:hs1", wire).State, Is.EqualTo(DecryptionState.Decrypted));
    }

    [Test]
    public void A_room_key_whose_session_id_does_not_match_its_key_is_refused()
    {
        var outbound = _alice.Outbound("!r:hs1");
        var other = _alice.RotateOutbound("!other:hs1");
        var key = RoomKey(outbound, "@alice:hs1") with { SessionKey = other.Session.SessionKey };
        Assert.That(_bob.AddRoomKey(key), Is.False);
    }

    private RawRoomKey RoomKey(RawOutboundSession session, string sender) =>
        new(session.RoomId, session.SessionId, session.Session.SessionKey, sender, _alice.Keys.Curve25519, _alice.Keys.Ed25519);
}
