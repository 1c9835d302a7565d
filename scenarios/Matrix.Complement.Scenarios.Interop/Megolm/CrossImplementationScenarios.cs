using Matrix.Complement.Scenarios.Interop.Support;

namespace Matrix.Complement.Scenarios.Interop.Megolm;

/// <summary>
/// Megolm room messages and the Olm to-device messages that carry their room keys, crossing between two independent
/// crypto implementations (matrix-sdk-crypto in js, libolm in nio, vodozemac in the harness's raw device) in both
/// directions, on one server and across federation: every ordered pair of two different kinds. Every test name
/// carries its pair (Alice's client first); every test expects zero UTDs.
/// </summary>
[TestFixtureSource(typeof(InteropPairs), nameof(InteropPairs.CrossImplementation))]
public sealed class CrossImplementationScenarios(ClientPair clients) : InteropScenario(clients)
{
    /// <summary>
    /// Alice and Bob share an encrypted room; each sends three messages. Each side's room key must reach the other's
    /// device in an Olm message of its own implementation, and each side must decrypt the other's Megolm messages.
    /// </summary>
    [Scenario, Spec("client-server-api/#molmv1curve25519-aes-sha2"), Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(150_000)]
    public async Task Megolm_messages_and_their_olm_room_keys_cross_in_both_directions(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await using var aliceOlm = await SniffOlmAsync(alice, ct);
        await using var bobOlm = await SniffOlmAsync(bob, ct);

        // When
        var fromAlice = await alice.SendTextMessagesAsync(room, 3, "megolm", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 3, "megolm reply", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        Assert.That(OlmRecipients(aliceOlm), Does.Contain($"{bob.UserId}/{bob.DeviceId}"),
            $"{Crossing(alice, bob)}: Alice's room key reached Bob's device in an Olm message");
        Assert.That(OlmRecipients(bobOlm), Does.Contain($"{alice.UserId}/{alice.DeviceId}"),
            $"{Crossing(bob, alice)}: Bob's room key reached Alice's device in an Olm message");
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// Bob has a device of each implementation (his pair's kind, and Alice's kind as his second device). Alice's room
    /// key must reach both in Olm messages, both must decrypt her messages, and what each of Bob's devices sends must
    /// decrypt on Alice's device and on Bob's other device.
    /// </summary>
    [Scenario, Spec("client-server-api/#mroom_key"), CancelAfter(180_000)]
    public async Task A_user_with_a_device_of_each_implementation_reads_on_both(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await using var bob2 = await LoginNewDeviceAsync(bob, Clients.Alice.Kind, ct);
        await bob2.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);
        await alice.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        await bob.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        await bob2.WaitForDeviceAsync(bob.UserId, bob.DeviceId, ct: ct);
        await using var aliceOlm = await SniffOlmAsync(alice, ct);

        // When
        var fromAlice = await alice.SendTextMessagesAsync(room, 2, "to both of bob's devices", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 1, "from bob's first device", ct);
        var fromBob2 = await bob2.SendTextMessagesAsync(room, 1, "from bob's second device", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [.. fromAlice, .. fromBob2], ct: ct);
        await bob2.WaitForDecryptedAsync(room, [.. fromAlice, .. fromBob], ct: ct);
        await alice.WaitForDecryptedAsync(room, [.. fromBob, .. fromBob2], ct: ct);
        Assert.That(OlmRecipients(aliceOlm), Is.SupersetOf(new[] { $"{bob.UserId}/{bob.DeviceId}", $"{bob.UserId}/{bob2.DeviceId}" }),
            $"{Crossing(alice, bob)} and {Crossing(alice, bob2)}: one room key, Olm-encrypted for each of Bob's devices");
        foreach (var reader in new[] { alice, bob, bob2 })
            await reader.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
