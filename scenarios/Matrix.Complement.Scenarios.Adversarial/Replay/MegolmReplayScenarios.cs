using Matrix.Complement.Scenarios.Adversarial.Support;

namespace Matrix.Complement.Scenarios.Adversarial.Replay;

/// <summary>
/// A Megolm message replayed as a new event. Megolm decryption itself is not replay-protected, so the spec puts the
/// check on clients: "Clients must guard against replay attacks by keeping track of the ratchet indices of Megolm
/// sessions. They should reject messages with a ratchet index that they have already decrypted", taking care that
/// decrypting the same event twice is not a replay.
/// </summary>
[TestFixtureSource(typeof(AdversarialScenario), nameof(Victims))]
public sealed class MegolmReplayScenarios(ClientSpec victim) : AdversarialScenario(victim)
{
    /// <summary>
    /// Mallory (raw) sends a message, Bob decrypts it; Mallory then posts the identical ciphertext (same session, same
    /// message index) as a new event. Bob must not show the copy as a second, readable message.
    /// </summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(120_000)]
    public async Task A_replayed_megolm_message_index_is_rejected(CancellationToken ct)
    {
        // Given
        await using var mallory = await LoginRawAsync("mallory", ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var room = await CreateRoomAsync(mallory, [bob], ct);
        var original = await mallory.SendTextAsync(room, "sent once", ct);
        await bob.WaitForDecryptedAsync(room, [original], ct: ct);

        // When
        var replay = await mallory.ReplayAsync(room, original, ct);

        // Then
        var seen = await WaitForSettledAsync(bob, room, replay, ct);
        Assert.That(seen.IsUnableToDecrypt, Is.True,
            $"{bob} shows the replay of {original.EventId} (same session and message index) as a readable message: {seen}");
    }
}
