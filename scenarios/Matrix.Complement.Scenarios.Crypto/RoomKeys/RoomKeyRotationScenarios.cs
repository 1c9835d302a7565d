using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.RoomKeys;

/// <summary>
/// When the sender must start a new megolm session (room key). A rotation shows on the receiver as a new session id
/// on the next message, and on the wire as an encrypted <c>/sendToDevice</c> from the sender carrying the new key:
/// after one of the sender's devices logs out, after <c>rotation_period_msgs</c> messages, after
/// <c>rotation_period_ms</c>, and after a member leaves (who must not get the new key). Every message still decrypts
/// for those who stay. (complement-crypto <c>room_keys_test.go</c>, catalogue §2.2 #7–#10.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class RoomKeyRotationScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>Alice's second device, which had the room key, logs out; her next message uses a new key that it does not get.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(120_000)]
    public async Task The_room_key_is_replaced_after_one_of_the_senders_devices_logs_out(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        await using var alice2 = await LoginNewDeviceAsync(alice, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await alice.WaitForDeviceAsync(alice.UserId, alice2.DeviceId, ct: ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before alice's other device logs out", ct);
        await alice2.WaitForDecryptedAsync(room, before, ct: ct);

        // When
        await using (var deviceLists = await SniffDeviceListsAsync(alice, ct))
        {
            await alice2.LogoutAsync(ct);
            await WaitForDeviceListWithoutAsync(deviceLists, alice.UserId, alice2.DeviceId, ct);
        }
        await using var keys = await SniffRoomKeysAsync(alice, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after alice's other device logged out", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        Assert.That(seen[1].SessionId, Is.Not.EqualTo(seen[0].SessionId), $"{alice} should start a new room key once a device that had it is gone");
        Assert.That(RoomKeyRecipients(keys), Does.Contain($"{bob.UserId}/{bob.DeviceId}").And.Not.Contain($"{alice.UserId}/{alice2.DeviceId}"),
            $"{alice} should send the new room key to Bob and not to her logged-out device");
    }

    /// <summary>With <c>rotation_period_msgs = 5</c>, messages 1–5 share a room key and message 6 has a new one.</summary>
    [Scenario, Spec("client-server-api/#mroomencryption"), CancelAfter(120_000)]
    public async Task The_room_key_is_replaced_after_rotation_period_msgs_messages(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct, new() { RotationPeriodMessages = 5 });

        // When
        var sent = await alice.SendTextMessagesAsync(room, 6, "rotation by count", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, sent, ct: ct);
        Assert.That(seen.Take(5).Select(e => e.SessionId).Distinct().Count(), Is.EqualTo(1),
            $"{alice} should use one room key for the first 5 messages: {string.Join(", ", seen.Select(e => e.SessionId))}");
        Assert.That(seen[5].SessionId, Is.Not.EqualTo(seen[0].SessionId), $"{alice} should start a new room key for message 6");
    }

    /// <summary>With <c>rotation_period_ms = 2000</c>, a message sent after that period has a new room key.</summary>
    [Scenario, Spec("client-server-api/#mroomencryption"), CancelAfter(120_000)]
    public async Task The_room_key_is_replaced_after_rotation_period_ms(CancellationToken ct)
    {
        // Given
        var period = TimeSpan.FromSeconds(2);
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct, new() { RotationPeriodMs = (long)period.TotalMilliseconds });
        var before = await alice.SendTextMessagesAsync(room, 1, "before the rotation period", ct);

        // When
        await SettleAsync("let the room's rotation_period_ms elapse", period + TimeSpan.FromSeconds(1), ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after the rotation period", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        Assert.That(seen[1].SessionId, Is.Not.EqualTo(seen[0].SessionId), $"{alice} should start a new room key after {period.TotalSeconds}s");
    }

    /// <summary>Charlie leaves; Alice's next message uses a new room key that goes to Bob and not to Charlie.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(120_000)]
    public async Task The_room_key_is_replaced_after_a_member_leaves(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        await using var charlie = await LoginAsync("charlie", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, [bob, charlie], ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before charlie leaves", ct);
        await charlie.WaitForDecryptedAsync(room, before, ct: ct);

        // When
        await charlie.LeaveAsync(room, ct);
        await alice.WaitForMembershipAsync(room, charlie.UserId, Membership.Leave, ct: ct);
        await using var keys = await SniffRoomKeysAsync(alice, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after charlie left", ct);

        // Then
        var seen = await bob.WaitForDecryptedAsync(room, [.. before, .. after], ct: ct);
        Assert.That(seen[1].SessionId, Is.Not.EqualTo(seen[0].SessionId), $"{alice} should start a new room key once {charlie.UserId} left");
        Assert.That(RoomKeyRecipients(keys), Does.Contain($"{bob.UserId}/{bob.DeviceId}").And.None.StartWith(charlie.UserId + "/"),
            $"{alice} should send the new room key to Bob and not to Charlie");
    }
}
