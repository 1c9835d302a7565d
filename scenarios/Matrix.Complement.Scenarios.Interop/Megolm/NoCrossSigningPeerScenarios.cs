using Matrix.Complement.Scenarios.Interop.Support;

namespace Matrix.Complement.Scenarios.Interop.Megolm;

/// <summary>
/// MSC4153 (exclude insecure devices) against a peer whose kind has no cross-signing at all: Alice is a js device
/// (matrix-sdk-crypto) with cross-signing, Bob a nio device (libolm; matrix-nio has no cross-signing, so his device
/// is never signed by an identity and his user has none). In js-sdk's <c>OnlySignedDevicesIsolationMode</c> Alice
/// must give Bob's device no room key (a cross-signed device of her own still gets it) and must not decrypt what
/// Bob's device sends (<c>UNSIGNED_SENDER_DEVICE</c>: "the sender device is not cross-signed"); in
/// <c>AllDevicesIsolationMode</c> both directions decrypt. On one server and across federation.
/// </summary>
[TestFixtureSource(nameof(Pairs))]
[Msc(4153)]
public sealed class NoCrossSigningPeerScenarios(ClientPair clients) : InteropScenario(clients)
{
    /// <summary>The interop pairs with js as Alice and nio as Bob: js@hs1|nio@hs1 and js@hs1|nio@hs2.</summary>
    public static IEnumerable<ClientPair> Pairs =>
        InteropPairs.CrossImplementation.Where(p => p.Alice.Kind == ClientKind.Js && p.Bob.Kind == ClientKind.Nio);

    /// <summary>
    /// Alice, in "only cross-signed devices" mode, sends one message. Her second js device, which she cross-signed,
    /// gets the room key and decrypts it; Bob's nio device gets no room key in an Olm message and shows a UTD. nio
    /// does not read <c>m.room_key.withheld</c>, so its driver reports the missing session
    /// (<c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>, fixtures/clients/nio/README.md), not a withheld code.
    /// </summary>
    [Scenario, Spec("client-server-api/#cross-signing"), Spec("client-server-api/#mroom_key"), CancelAfter(150_000)]
    public async Task A_message_sent_in_only_cross_signed_mode_gives_the_nio_device_no_room_key(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await RoomWithACrossSignedAliceAsync(alice, bob, ct);
        await using var alice2 = await LoginNewDeviceAsync(alice, ClientKind.Js, ct);
        await alice2.WaitForMembershipAsync(room, alice.UserId, Membership.Join, ct: ct);
        await alice.CrossSignOwnDeviceAsync(alice2.DeviceId, ct);
        await alice.WaitForDeviceVerificationStatusAsync(alice.UserId, alice2.DeviceId, d => d.SignedByOwner,
            "signed by Alice's identity", ct: ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        await using var aliceOlm = await SniffOlmAsync(alice, ct);

        // When
        var fromAlice = await alice.SendTextAsync(room, "only for cross-signed devices", ct);

        // Then
        await alice2.WaitForDecryptedAsync(room, [fromAlice], ct: ct);
        var utd = await bob.WaitForEventAsync(room, e => e.EventId == fromAlice.EventId && e.IsUnableToDecrypt,
            $"{fromAlice.EventId} (\"{fromAlice.Body}\") shown as unable to decrypt", ct: ct);
        Assert.That(OlmRecipients(aliceOlm), Does.Contain($"{alice.UserId}/{alice2.DeviceId}"),
            $"{Crossing(alice, alice2)}: the room key reached Alice's cross-signed second device in an Olm message");
        Assert.That(OlmRecipients(aliceOlm), Does.Not.Contain($"{bob.UserId}/{bob.DeviceId}"),
            $"{Crossing(alice, bob)}: in only-cross-signed mode no room key may reach Bob's device, which no identity signs");
        Assert.That(utd.FailureCode, Is.EqualTo(DecryptionFailureCode.MegolmUnknownInboundSessionId),
            $"{Crossing(alice, bob)}: nio has no session for the message and reads no withheld code; its driver " +
            $"reports {utd.FailureCode?.ToProtocolName() ?? "no code"} for {utd}");
    }

    /// <summary>
    /// Bob's nio device sends one message (nio shares its room key with every device of every member). Alice, in
    /// "only cross-signed devices" mode, has the key but must refuse it: Bob's device is not cross-signed (his user
    /// has no identity), which js-sdk documents as <c>UNSIGNED_SENDER_DEVICE</c> (matrix-sdk-crypto's
    /// <c>VerificationLevel::UnsignedDevice</c>: a device not signed by any user identity).
    /// </summary>
    [Scenario, Spec("client-server-api/#cross-signing"), Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(150_000)]
    public async Task A_message_from_the_nio_device_is_not_decrypted_in_only_cross_signed_mode(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await RoomWithACrossSignedAliceAsync(alice, bob, ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);

        // When
        var fromBob = await bob.SendTextAsync(room, "from a device no identity signs", ct);

        // Then
        await alice.WaitForUnableToDecryptAsync(room, fromBob, DecryptionFailureCode.UnsignedSenderDevice, ct: ct);
    }

    /// <summary>
    /// Control for the two above: the same room, with Alice in "all devices" mode, decrypts both ways and shows no
    /// UTD on either side, so the failures above come from the isolation mode, not from the room or the crossing.
    /// </summary>
    [Scenario, Spec("client-server-api/#cross-signing"), Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(150_000)]
    public async Task In_all_devices_mode_messages_decrypt_both_ways(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await RoomWithACrossSignedAliceAsync(alice, bob, ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.AllDevices, ct);

        // When
        var fromAlice = await alice.SendTextMessagesAsync(room, 1, "for all devices", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 1, "from a device no identity signs", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// Alice bootstraps cross-signing and shares an encrypted room with Bob, whose kind must lack cross-signing.
    /// Returns once Alice knows Bob's device and sees it unsigned, so a room key from it is tied to a known device.
    /// </summary>
    private async Task<string> RoomWithACrossSignedAliceAsync(IClient alice, IClient bob, CancellationToken ct)
    {
        Require.Feature(ClientFeature.CrossSigning, alice);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        Assert.That(bob.Features, Does.Not.Contain(ClientFeature.CrossSigning),
            $"these scenarios need a peer kind without cross-signing, but {ClientMatrix.ShortName(bob.Kind)} now " +
            "declares crossSigning: give the fixture a kind that lacks it");
        await alice.BootstrapCrossSigningAsync(ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await alice.WaitForDeviceVerificationStatusAsync(bob.UserId, bob.DeviceId, d => d.Known && !d.SignedByOwner,
            "known and not signed by any identity (nio has no cross-signing)", ct: ct);
        return room;
    }
}
