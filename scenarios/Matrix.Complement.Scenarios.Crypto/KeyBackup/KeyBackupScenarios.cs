using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.KeyBackup;

/// <summary>
/// Alice turns on key backup (cross-signing, secret storage, a recovery key), exchanges messages with Bob, and
/// waits until the backup holds the room's keys. She then logs in on a new device of Bob's client kind (so the
/// backup crosses SDKs when the pair mixes kinds), which sees history it has no keys for. With the recovery key it
/// restores and decrypts every earlier message; with a well-formed but wrong recovery key the restore is refused
/// and the history stays undecryptable. Same server only: the new device belongs to Alice. (complement-crypto
/// <c>key_backup_test.go</c>, catalogue §2.3 #14–#15.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.SameServerPairs))]
public sealed class KeyBackupScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>The new device restores with the right recovery key and decrypts Alice's and Bob's earlier messages.</summary>
    [Scenario, Spec("client-server-api/#server-side-key-backups"), CancelAfter(180_000)]
    public async Task A_new_device_decrypts_history_after_restoring_from_key_backup(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.KeyBackup, alice);
        var (backup, room, history) = await BackUpSharedHistoryAsync(alice, bob, ct);

        // When
        await using var aliceNew = await LoginNewDeviceAsync(alice, ct, Clients.Bob.Kind);
        Require.Feature(ClientFeature.KeyBackup, aliceNew);
        var restore = await aliceNew.RestoreKeyBackupAsync(backup.RecoveryKey, ct);

        // Then
        Assert.That(restore.Imported, Is.GreaterThanOrEqualTo(2),
            $"{aliceNew} should import Alice's and Bob's sessions from backup version {backup.Version}; got {restore}");
        await aliceNew.WaitForDecryptedAsync(room, history, Timeouts.KeyBackup, ct);
        await aliceNew.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>The new device is given a well-formed recovery key that is not Alice's: the restore fails and the history stays UTD.</summary>
    [Scenario, Spec("client-server-api/#server-side-key-backups"), CancelAfter(180_000)]
    public async Task A_wrong_recovery_key_is_refused_and_history_stays_undecryptable(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.KeyBackup, alice);
        var (_, room, history) = await BackUpSharedHistoryAsync(alice, bob, ct);

        // When
        await using var aliceNew = await LoginNewDeviceAsync(alice, ct, Clients.Bob.Kind);
        Require.Feature(ClientFeature.KeyBackup, aliceNew);
        var restore = aliceNew.RestoreKeyBackupAsync(RecoveryKeys.WellFormedRandom(), ct);

        // Then
        Assert.That(async () => await restore, Throws.InstanceOf<ExpectationFailedException>(),
            $"{aliceNew} should refuse a recovery key that does not open Alice's secret storage");
        await aliceNew.BackPaginateAsync(room, ct: ct);
        foreach (var message in history)
            await WaitForUtdAsync(aliceNew, room, message, DecryptionFailureCode.HistoricalMessageBackupUnconfigured, ct);
    }

    /// <summary>
    /// Alice turns key backup on; she and Bob share an encrypted room and exchange three messages each, all
    /// decrypted. Returns once Alice's backup holds the room's keys.
    /// </summary>
    private static async Task<(Harness.Clients.KeyBackup Backup, string Room, IReadOnlyList<SentEvent> History)>
        BackUpSharedHistoryAsync(IClient alice, IClient bob, CancellationToken ct)
    {
        var backup = await alice.EnableKeyBackupAsync(ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 3, "backed up", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 3, "backed up", ct);
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await alice.WaitForKeyBackupAsync(room, ct: ct);
        return (backup, room, [.. fromAlice, .. fromBob]);
    }
}
