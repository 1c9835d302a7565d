using Matrix.Complement.Scenarios.Adversarial.Support;

namespace Matrix.Complement.Scenarios.Adversarial.Cleartext;

/// <summary>
/// Key-carrying to-device messages that arrive in the clear. The spec sends <c>m.room_key</c> and
/// <c>m.forwarded_room_key</c> encrypted with Olm as <c>m.room.encrypted</c> to-device events, and only the Olm
/// layer ties a key to the device that sent it; matrix-js-sdk has accepted key events only Olm-encrypted since its
/// protocol-confusion fixes (CVE-2022-39251). A clear one is ignored, and the messages it would unlock stay UTDs.
/// </summary>
[TestFixtureSource(typeof(AdversarialScenario), nameof(Victims))]
public sealed class ClearToDeviceScenarios(ClientSpec victim) : AdversarialScenario(victim)
{
    /// <summary>
    /// Mallory (raw) sends Bob the key of a new Megolm session as a clear <c>m.room_key</c>, then a message with that
    /// session: it stays a UTD with <c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>.
    /// </summary>
    [Scenario, Spec("client-server-api/#mroom_key"), CancelAfter(120_000)]
    public async Task A_room_key_sent_unencrypted_is_ignored(CancellationToken ct)
    {
        // Given
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var room = await CreateRoomAsync(mallory, [bob], ct);

        // When
        mallory.RotateRoomKey(room);
        await mallory.SendRoomKeyInClearAsync(room, bob.UserId, bob.DeviceId, ct);
        var unlocked = await mallory.SendTextWithoutSharingKeyAsync(room, "its key went in the clear", ct: ct);
        await SendControlMessageAsync(mallory, bob, room, ct);

        // Then
        await bob.WaitForUnableToDecryptAsync(room, unlocked, DecryptionFailureCode.MegolmUnknownInboundSessionId, ct: ct);
    }

    /// <summary>
    /// Alice (raw) sends a message whose key only Mallory (raw) received; Mallory sends it to Bob as a clear
    /// <c>m.forwarded_room_key</c> to-device message. Bob's SDK must not import a key from a clear to-device message:
    /// the message stays a UTD.
    /// </summary>
    [Scenario, Spec("client-server-api/#mforwarded_room_key"), CancelAfter(120_000)]
    public async Task A_to_device_message_in_clear_carrying_a_forwarded_key_is_ignored(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginRawAsync("alice", ct);
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var room = await CreateRoomAsync(alice, [mallory, bob], ct);
        alice.RotateRoomKey(room);
        var key = await ShareWithMalloryOnlyAsync(alice, mallory, room, ct);
        var hidden = await alice.SendTextWithoutSharingKeyAsync(room, "only Mallory holds this key", ct: ct);

        // When
        await mallory.SendForwardedKeyInClearAsync(key, bob.UserId, bob.DeviceId, ct);
        await SendControlMessageAsync(mallory, bob, room, ct);

        // Then
        await bob.WaitForUnableToDecryptAsync(room, hidden, DecryptionFailureCode.MegolmUnknownInboundSessionId, ct: ct);
    }

    // Alice hands her current session's key to Mallory alone (an honest Olm m.room_key), and returns Mallory's copy.
    private static async Task<RawRoomKey> ShareWithMalloryOnlyAsync(RawClient alice, RawClient mallory, string room, CancellationToken ct)
    {
        var session = alice.Device!.Outbound(room);
        await alice.SendEncryptedToDeviceAsync(mallory.UserId, mallory.DeviceId, "m.room_key", RawDevice.RoomKeyContent(session), null, ct);
        return await mallory.WaitForRoomKeyAsync(room, session.SessionId, ct: ct);
    }
}
