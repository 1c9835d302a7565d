using Matrix.Complement.Scenarios.Adversarial.Support;

namespace Matrix.Complement.Scenarios.Adversarial.KeyInjection;

/// <summary>
/// Room keys that reach the client under test (Bob) over Olm from a device that has no business handing them out.
/// Alice (a well-behaved raw device) sends a message before Bob joins; Mallory (a raw device in the room) holds its
/// room key and hands it to Bob in the wrong way. Bob's SDK must not present Alice's message as authentic: the key
/// is refused (the message stays a UTD) or the message carries a red shield saying who really vouched for it.
/// </summary>
[TestFixtureSource(typeof(AdversarialScenario), nameof(Victims))]
public sealed class RoomKeyInjectionScenarios(ClientSpec victim) : AdversarialScenario(victim)
{
    /// <summary>
    /// Mallory re-sends Alice's room key to Bob as an <c>m.room_key</c> of her own (a session she does not own).
    /// The Rust crypto SDK then decrypts Alice's message with the key Mallory's device established, and documents
    /// the mismatch as a red shield with reason <c>MISMATCHED_SENDER</c> ("the sender field on the event does not
    /// match the owner of the device that established the Megolm session").
    /// </summary>
    [Scenario, Spec("client-server-api/#mroom_key"), CancelAfter(120_000)]
    public async Task A_room_key_for_a_session_the_sending_device_does_not_own_gets_a_red_mismatched_sender_shield(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginRawAsync("alice", ct);
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        Require.Feature(ClientFeature.EventShields, bob);
        var (room, before, key) = await MessageBeforeBobJoinedAsync(alice, mallory, bob, ct);

        // When
        await mallory.SendForeignRoomKeyAsync(key, bob.UserId, bob.DeviceId, ct);
        await SendControlMessageAsync(mallory, bob, room, ct);

        // Then
        var seen = await WaitForSettledAsync(bob, room, before, ct);
        Assert.That(seen.IsReadable, Is.True, $"{bob} refused the key instead of flagging the message: {seen}");
        var shield = await bob.GetEventShieldAsync(room, before.EventId, ct);
        Assert.That(shield, Is.EqualTo(new EventShield(ShieldColour.Red, ShieldReason.MismatchedSender)),
            $"{bob} shows Alice's message, decrypted with a key Mallory's device vouched for, as {seen}");
    }

    /// <summary>
    /// Mallory forwards Alice's room key to Bob as an unrequested <c>m.forwarded_room_key</c>. The Rust crypto SDK
    /// accepts a forwarded key only as the answer to its own key request, from the user's own verified devices; a
    /// forward from another user's unverified device must be dropped, so Alice's message stays a UTD.
    /// </summary>
    [Scenario, Spec("client-server-api/#mforwarded_room_key"), CancelAfter(120_000)]
    public async Task A_forwarded_room_key_from_an_untrusted_device_is_ignored(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginRawAsync("alice", ct);
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var (room, before, key) = await MessageBeforeBobJoinedAsync(alice, mallory, bob, ct);

        // When
        await mallory.ForwardRoomKeyAsync(key, bob.UserId, bob.DeviceId, ct);
        await SendControlMessageAsync(mallory, bob, room, ct);

        // Then
        await MustStillBeUndecryptableAsync(bob, room, before, "the only key for it was forwarded, unrequested, by an untrusted device", ct);
    }

    /// <summary>
    /// Mallory sends Bob the room key of her new session over Olm, but her Olm payload claims another user as its
    /// <c>sender</c>. The spec has the recipient check the payload's <c>sender</c> against the to-device sender
    /// (the Olm layer is what authenticates it); the key must be dropped, so Mallory's message with that session stays a UTD with
    /// <c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>.
    /// </summary>
    [Scenario, Spec("client-server-api/#molmv1curve25519-aes-sha2"), CancelAfter(120_000)]
    public async Task A_room_key_whose_olm_payload_claims_another_sender_is_dropped(CancellationToken ct)
    {
        // Given
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var charlie = await (await DeploymentAsync(ct))["hs1"].RegisterUserAsync("charlie", ct);
        var room = await CreateRoomAsync(mallory, [bob], ct);

        // When
        mallory.RotateRoomKey(room);
        await mallory.SendRoomKeyClaimingSenderAsync(room, charlie.UserId, bob.UserId, bob.DeviceId, ct);
        var lying = await mallory.SendTextWithoutSharingKeyAsync(room, "key sent with a lying Olm sender", ct: ct);
        await SendControlMessageAsync(mallory, bob, room, ct);

        // Then
        await bob.WaitForUnableToDecryptAsync(room, lying, DecryptionFailureCode.MegolmUnknownInboundSessionId, ct: ct);
    }

    /// <summary>
    /// Alice (raw) creates the room with Mallory, sends one message (its key goes to Mallory only), then invites Bob,
    /// who joins and sees that message as a UTD; Bob's client knows Mallory's device. Returns the room, the message and
    /// the room key Mallory holds for it.
    /// </summary>
    private static async Task<(string Room, SentEvent Before, RawRoomKey Key)> MessageBeforeBobJoinedAsync(RawClient alice,
        RawClient mallory, IClient bob, CancellationToken ct)
    {
        var room = await CreateRoomAsync(alice, [mallory], ct);
        var before = await alice.SendTextAsync(room, "sent before Bob joined", ct);
        var key = await mallory.WaitForRoomKeyAsync(room, alice.Device!.Outbound(room).SessionId, ct: ct);
        await InviteAndJoinAsync(alice, bob, room, ct);
        await bob.WaitForEventAsync(room, e => e.EventId == before.EventId && e.IsUnableToDecrypt,
            $"{before.EventId} (sent before Bob joined) shown as a UTD", ct: ct);
        await bob.WaitForDeviceAsync(mallory.UserId, mallory.DeviceId, ct: ct);
        return (room, before, key);
    }
}
