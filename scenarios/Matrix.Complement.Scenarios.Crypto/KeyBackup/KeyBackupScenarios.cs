using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.KeyBackup;

/// <summary>
/// Alice turns on key backup (cross-signing, secret storage, a recovery key), exchanges messages with Bob, and
/// waits until the backup holds the room's keys. She then logs in on a new device, which sees the history it has
/// no keys for, restores from backup with the recovery key, and must decrypt every earlier message.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class KeyBackupScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Test, Spec("client-server-api/#server-side-key-backups"), CancelAfter(180_000)]
    public async Task A_new_device_decrypts_history_after_restoring_from_key_backup(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var backup = await alice.EnableKeyBackupAsync(ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 3, "backed up", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 3, "backed up", ct);
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await alice.WaitForKeyBackupAsync(room, ct: ct);

        // When
        await using var aliceNew = await LoginNewDeviceAsync(alice, ct);
        var restore = await aliceNew.RestoreKeyBackupAsync(backup.RecoveryKey, ct);

        // Then
        Assert.That(restore.Imported, Is.GreaterThanOrEqualTo(2),
            $"{aliceNew} should import Alice's and Bob's sessions from backup version {backup.Version}; got {restore}");
        await aliceNew.WaitForDecryptedAsync(room, [.. fromAlice, .. fromBob], Timeouts.KeyBackup, ct);
        await aliceNew.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
