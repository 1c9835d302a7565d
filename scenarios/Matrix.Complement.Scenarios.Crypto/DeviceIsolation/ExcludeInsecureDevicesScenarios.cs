using Matrix.Complement.Scenarios.Crypto.Identity;
using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.DeviceIsolation;

/// <summary>
/// MSC4153 (exclude insecure devices). Alice and Bob have cross-signing; Bob logs in a second device that nobody
/// cross-signed. With Alice in "only cross-signed devices" mode, that device must get no room key (its UTD says the
/// key was withheld for an unverified device) and Alice must not decrypt what it sends (UNSIGNED_SENDER_DEVICE);
/// once Bob cross-signs it, new messages flow both ways. A verified user who resets their identity is not trusted
/// either (SENDER_IDENTITY_PREVIOUSLY_VERIFIED). In "all devices" mode the same room behaves as it always did.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
[Msc(4153)]
public sealed class ExcludeInsecureDevicesScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(60_000)]
    public async Task An_unsigned_device_gets_no_key_and_is_not_decrypted_in_only_cross_signed_mode(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        Require.Feature(ClientFeature.WithheldCodes, alice, bob);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await using var bob2 = await UnsignedSecondDeviceAsync(alice, bob, ct);

        // When
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        var fromAlice = await alice.SendTextAsync(room, "only for cross-signed devices", ct);
        var fromBob2 = await bob2.SendTextAsync(room, "from an unsigned device", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [fromAlice], ct: ct);
        await bob2.WaitForUnableToDecryptAsync(room, fromAlice, DecryptionFailureCode.MegolmKeyWithheldForUnverifiedDevice, ct: ct);
        await alice.WaitForUnableToDecryptAsync(room, fromBob2, DecryptionFailureCode.UnsignedSenderDevice, ct: ct);
        await bob.WaitForDecryptedAsync(room, [fromBob2], ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(60_000)]
    public async Task Once_cross_signed_the_device_gets_keys_and_is_decrypted(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        Require.Feature(ClientFeature.WithheldCodes, alice, bob);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await using var bob2 = await UnsignedSecondDeviceAsync(alice, bob, ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        var before = await alice.SendTextAsync(room, "before bob signs his device", ct);
        await bob2.WaitForUnableToDecryptAsync(room, before, DecryptionFailureCode.MegolmKeyWithheldForUnverifiedDevice, ct: ct);

        // When
        await bob.CrossSignOwnDeviceAsync(bob2.DeviceId, ct);
        await alice.WaitForDeviceVerificationStatusAsync(bob.UserId, bob2.DeviceId, d => d.SignedByOwner,
            "signed by Bob's identity", ct: ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 1, "after bob signed his device", ct);
        var fromBob2 = await bob2.SendTextMessagesAsync(room, 1, "from a cross-signed device", ct);

        // Then
        await bob2.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob2, ct: ct);
        await bob.WaitForDecryptedAsync(room, [before, .. fromAlice, .. fromBob2], ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(90_000)]
    public async Task A_verified_users_messages_in_a_new_session_fail_after_their_identity_reset(CancellationToken ct)
    {
        // Given: every message starts a new megolm session, so the one after the reset carries a key sent after it
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        Require.Feature(ClientFeature.Verification, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct, new() { RotationPeriodMessages = 1 });
        await alice.VerifyUserAsync(bob, ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        var verified = await bob.SendTextMessagesAsync(room, 1, "verified", ct);
        await alice.WaitForDecryptedAsync(room, verified, ct: ct);

        // When
        await bob.ResetCrossSigningIdentityAsync(ct);
        await alice.WaitForVerificationViolationAsync(bob, ct);
        var afterReset = await bob.SendTextAsync(room, "after the reset", ct);

        // Then
        var utd = await alice.WaitForUnableToDecryptAsync(room, afterReset, DecryptionFailureCode.SenderIdentityPreviouslyVerified, ct: ct);
        Assert.That(utd.SessionId, Is.Not.EqualTo((await alice.WaitForDecryptedAsync(room, verified, ct: ct))[0].SessionId),
            "Bob's message after the reset should be in a new megolm session (rotation_period_msgs = 1)");
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(90_000)]
    public async Task A_verified_users_messages_fail_after_their_identity_reset(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        Require.Feature(ClientFeature.Verification, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await alice.VerifyUserAsync(bob, ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "verified", ct), ct: ct);

        // When
        await bob.ResetCrossSigningIdentityAsync(ct);
        await alice.WaitForVerificationViolationAsync(bob, ct);
        var afterReset = await bob.SendTextAsync(room, "after the reset", ct);

        // Then
        await alice.WaitForUnableToDecryptAsync(room, afterReset, DecryptionFailureCode.SenderIdentityPreviouslyVerified, ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(60_000)]
    public async Task An_unsigned_device_gets_keys_and_is_decrypted_in_all_devices_mode(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await using var bob2 = await UnsignedSecondDeviceAsync(alice, bob, ct);

        // When
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.AllDevices, ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 1, "for all devices", ct);
        var fromBob2 = await bob2.SendTextMessagesAsync(room, 1, "from an unsigned device", ct);

        // Then
        await bob2.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await bob.WaitForDecryptedAsync(room, [.. fromAlice, .. fromBob2], ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob2, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// Bob logs in a second device that nobody cross-signs; returns once Alice knows it and sees it unsigned, and
    /// Bob's first device knows it too.
    /// </summary>
    private async Task<IClient> UnsignedSecondDeviceAsync(IClient alice, IClient bob, CancellationToken ct)
    {
        var bob2 = await LoginNewDeviceAsync(bob, ct);
        await bob.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        await alice.WaitForDeviceVerificationStatusAsync(bob.UserId, bob2.DeviceId, d => d.Known && !d.SignedByOwner,
            "known and not signed by Bob's identity", ct: ct);
        return bob2;
    }
}
