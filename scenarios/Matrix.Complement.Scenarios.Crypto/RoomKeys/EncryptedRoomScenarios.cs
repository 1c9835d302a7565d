using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.RoomKeys;

/// <summary>
/// Alice and Bob share an encrypted room (on one server, or across federation, as the client pair says). Each
/// sends messages; the other must decrypt every one of them: zero UTDs on either side. (complement-crypto
/// <c>TestAliceBobEncryptionWorks</c>, catalogue §2.1 #1.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class EncryptedRoomScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(120_000)]
    public async Task Both_sides_decrypt_every_message(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        Assert.That(await alice.IsRoomEncryptedAsync(room, ct), Is.True, $"{alice} should see {room} as encrypted");
        Assert.That(await bob.IsRoomEncryptedAsync(room, ct), Is.True, $"{bob} should see {room} as encrypted");

        // When
        var fromAlice = await alice.SendTextMessagesAsync(room, 5, "hello bob", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 3, "hello alice", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
