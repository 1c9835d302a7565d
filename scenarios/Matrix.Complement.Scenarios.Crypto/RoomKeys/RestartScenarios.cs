using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.RoomKeys;

/// <summary>
/// Bob's client goes down (a clean close, or a renderer crash) while Alice keeps sending, then comes back from its
/// persistent storage as the same device. Bob must decrypt the messages sent while he was down and the ones sent
/// after, and Alice must decrypt Bob's reply: zero UTDs.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class RestartScenarios(ClientPair clients) : CryptoScenario(clients)
{
    public enum Stop { Close, Crash }

    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(150_000)]
    public async Task A_restarted_device_decrypts_messages_sent_while_down_and_after(
        [Values] Stop stop, CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.PersistentStorage, bob);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 2, "before", ct), ct: ct);

        // When
        if (stop == Stop.Crash) await bob.CrashAsync(ct); else await bob.CloseAsync(ct);
        var whileDown = await alice.SendTextMessagesAsync(room, 3, "while bob is down", ct);
        await bob.StartAsync(ct);
        var after = await alice.SendTextMessagesAsync(room, 3, "after bob is back", ct);
        var reply = await bob.SendTextMessagesAsync(room, 1, "bob is back", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [.. whileDown, .. after], ct: ct);
        await alice.WaitForDecryptedAsync(room, reply, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
