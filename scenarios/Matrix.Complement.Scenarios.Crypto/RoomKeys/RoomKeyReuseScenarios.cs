using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.RoomKeys;

/// <summary>
/// When the sender must keep its megolm session (room key): a member's display-name change and the sender's own
/// restart change nothing (same session id, no encrypted <c>/sendToDevice</c>); a member's new device gets the
/// existing key, and only that device is sent anything. Every message decrypts. (complement-crypto
/// <c>room_keys_test.go</c>, catalogue §2.2 #11–#12.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class RoomKeyReuseScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>Bob renames himself (a new member event); Alice's next message uses the same room key and shares nothing.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(90_000)]
    public async Task The_room_key_is_kept_when_a_member_changes_display_name(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before bob's new display name", ct);
        var bobJoin = await alice.WaitForEventAsync(room, e => e.Type == "m.room.member" && e.Sender == bob.UserId, "Bob's join", ct: ct);

        // When
        await bob.SetDisplayNameAsync("Bob (renamed)", ct);
        await alice.WaitForEventAsync(room, e => e.Type == "m.room.member" && e.Sender == bob.UserId && e.EventId != bobJoin.EventId,
            "Bob's display-name change", ct: ct);
        await using var keys = await SniffRoomKeysAsync(alice, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after bob's new display name", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        Assert.That(seen[1].SessionId, Is.EqualTo(seen[0].SessionId), $"{alice} should keep the room key across a display-name change");
        Assert.That(RoomKeyRecipients(keys), Is.Empty, $"{alice} should not share any room key for a display-name change");
    }

    /// <summary>Bob logs in on a second device; Alice's next message uses the same room key, sent to that device only.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(90_000)]
    public async Task The_room_key_is_kept_and_sent_only_to_a_members_new_device(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before bob's new device", ct);

        // When
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        await alice.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        await using var keys = await SniffRoomKeysAsync(alice, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after bob's new device", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        await bob2.WaitForDecryptedAsync(room, after, ct: ct);
        Assert.That(seen[1].SessionId, Is.EqualTo(seen[0].SessionId), $"{alice} should keep the room key when Bob adds a device");
        Assert.That(RoomKeyRecipients(keys), Is.EqualTo(new[] { $"{bob.UserId}/{bob2.DeviceId}" }),
            $"{alice} should send the room key to Bob's new device only");
    }

    /// <summary>Alice's client restarts from its storage; her next message uses the same room key and shares nothing.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(120_000)]
    public async Task The_room_key_is_kept_when_the_sender_restarts(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.PersistentStorage, alice);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before alice restarts", ct);
        await bob.WaitForDecryptedAsync(room, before, ct: ct);

        // When
        await alice.RestartAsync(ct);
        await using var keys = await SniffRoomKeysAsync(alice, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after alice restarted", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        Assert.That(seen[1].SessionId, Is.EqualTo(seen[0].SessionId), $"{alice} should keep the room key across a restart");
        Assert.That(RoomKeyRecipients(keys), Is.Empty, $"{alice} should not share any room key after a restart");
    }
}
