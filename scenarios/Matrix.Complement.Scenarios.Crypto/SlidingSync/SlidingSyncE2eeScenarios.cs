using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.SlidingSync;

/// <summary>
/// End-to-end encryption that depends on what Simplified Sliding Sync (MSC4186) delivers, whatever the client
/// matrix says for the side under test: the room's full member list (a device encrypts for members it never saw
/// speak) and the <c>e2ee</c> extension's device-list changes (a device encrypts for a device that appeared after
/// it synced). Every message must decrypt.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
[Msc(4186)]
public sealed class SlidingSyncE2eeScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(60_000)]
    public async Task A_new_device_on_sliding_sync_encrypts_for_members_it_never_saw_speak(CancellationToken ct)
    {
        // Given: Alice created the room and has sent nothing since, so her membership is state, not recent timeline
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, SyncMode.Msc4186);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 25, "filling the timeline", ct), ct: ct);
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        await Eventually.SatisfiesAsync($"{bob2} knows {room} is encrypted", Timeouts.MessageDelivery,
            c => bob2.IsRoomEncryptedAsync(room, c), encrypted => encrypted ? null : "room not known as encrypted yet", ct);

        // When
        var fromBob2 = await bob2.SendTextMessagesAsync(room, 1, "first words of a new sliding-sync device", ct);

        // Then
        await alice.WaitForDecryptedAsync(room, fromBob2, ct: ct);
        await bob.WaitForDecryptedAsync(room, fromBob2, ct: ct);
    }

    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(60_000)]
    public async Task A_sliding_sync_device_learns_of_a_new_device_through_the_e2ee_extension(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, SyncMode.Msc4186);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before bob's new device", ct);
        await bob.WaitForDecryptedAsync(room, before, ct: ct);

        // When
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        await alice.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after bob's new device", ct);

        // Then
        await bob2.WaitForDecryptedAsync(room, after, ct: ct);
        await bob.WaitForDecryptedAsync(room, after, ct: ct);
    }
}
