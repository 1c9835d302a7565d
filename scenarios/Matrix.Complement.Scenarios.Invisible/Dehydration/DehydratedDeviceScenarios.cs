using Matrix.Complement.Scenarios.Invisible.Support;

namespace Matrix.Complement.Scenarios.Invisible.Dehydration;

/// <summary>
/// Dehydrated devices (MSC3814): a user who is logged out everywhere still receives room keys, through a device whose
/// encrypted state the homeserver keeps and whose key sits in the user's secret storage; a new login rehydrates it
/// and reads what was sent meanwhile. Runs on the deployment with the invisible-encryption profile (Synapse serves
/// the MSC3814 endpoints only with <c>experimental_features.msc3814_enabled</c>).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class DehydratedDeviceScenarios(ClientPair clients) : InvisibleScenario(clients)
{
    /// <summary>
    /// Bob sets up a dehydrated device and logs his only device out. Alice sends three messages, which her client
    /// encrypts for Bob's dehydrated device. Bob logs in on a fresh device, rehydrates the dehydrated device with
    /// his recovery key, and decrypts all three: zero UTDs. Also when Alice excludes insecure devices (MSC4153): the
    /// dehydrated device is signed by Bob's cross-signing identity, so it still gets her keys.
    /// </summary>
    [Scenario, Msc(3814), Msc(4153), Spec("client-server-api/#end-to-end-encryption"), CancelAfter(240_000)]
    public async Task Messages_sent_while_the_user_had_no_device_decrypt_after_rehydration(
        [Values] DeviceIsolationMode senderMode, CancellationToken ct)
    {
        // Given
        var deployment = await InvisibleDeployment.Instance.GetAsync(ct);
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, deployment);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, deployment);
        Require.Feature(ClientFeature.DehydratedDevices, bob);
        // Alice watches Bob's device list shrink to the dehydrated device (userDevices, part of the feature).
        Require.Feature(ClientFeature.DehydratedDevices, alice);
        if (senderMode == DeviceIsolationMode.OnlyCrossSigned)
        {
            // A sender that excludes insecure devices must itself be cross-signed to send at all.
            Require.Feature(ClientFeature.DeviceIsolation, alice);
            Require.Feature(ClientFeature.CrossSigning, alice);
            await alice.BootstrapCrossSigningAsync(ct);
            await alice.SetDeviceIsolationModeAsync(senderMode, ct);
        }
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var dehydrated = await bob.SetUpDehydratedDeviceAsync(ct: ct);
        await alice.WaitForDeviceAsync(bob.UserId, dehydrated.DeviceId, ct: ct);
        await bob.LogoutAsync(ct);
        await WaitForOnlyDehydratedDevicesAsync(alice, bob.UserId, ct);

        // When
        var sent = await alice.SendTextMessagesAsync(room, 3, "while Bob had no device", ct);
        await using var bob2 = await LoginNewDeviceAsync(bob, ct, deployment);
        var rehydration = await bob2.RehydrateAsync(dehydrated.RecoveryKey, ct);

        // Then
        Assert.That(rehydration.RehydratedDeviceId, Is.EqualTo(dehydrated.DeviceId),
            $"{bob2} should rehydrate the dehydrated device Bob set up");
        Assert.That(rehydration.RoomKeys, Is.GreaterThanOrEqualTo(1),
            $"{bob2} should find Alice's room key among the dehydrated device's {rehydration.ToDeviceEvents} to-device messages");
        await bob2.WaitForDecryptedAsync(room, sent, ct: ct);
        await bob2.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        Assert.That(rehydration.NewDeviceId, Is.Not.Null.And.Not.EqualTo(dehydrated.DeviceId),
            $"{bob2} should replace the rehydrated device with a new dehydrated device");
    }

    // Returns once the observer's device list of the user holds dehydrated devices only: the user has no device
    // left, so whatever the observer encrypts next reaches the user through the dehydrated device alone.
    private static async Task WaitForOnlyDehydratedDevicesAsync(IClient observer, string userId, CancellationToken ct)
    {
        try
        {
            await Eventually.SatisfiesAsync($"{observer.Actor}'s device list of {userId} holds only dehydrated devices",
                Timeouts.MessageDelivery, c => observer.GetUserDevicesAsync(userId, c),
                devices => devices.Any(d => !d.Dehydrated)
                    ? $"still listed: {string.Join(", ", devices.Select(d => d.DeviceId + (d.Dehydrated ? " (dehydrated)" : "")))}"
                    : null, ct, TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    /// <summary>
    /// Bob's dehydrated device reaches Alice's client through the ordinary device list (it must, to receive room
    /// keys), signed by Bob's cross-signing identity, and flagged as dehydrated: the SDK marks it so that a client
    /// lists it apart from Bob's sessions. Bob's real device is not flagged.
    /// </summary>
    [Scenario, Msc(3814), Spec("client-server-api/#post_matrixclientv3keysquery"), CancelAfter(180_000)]
    public async Task A_dehydrated_device_is_flagged_as_such_in_a_peers_device_list(CancellationToken ct)
    {
        // Given
        var deployment = await InvisibleDeployment.Instance.GetAsync(ct);
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, deployment);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, deployment);
        Require.Feature(ClientFeature.DehydratedDevices, alice, bob);
        await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        var dehydrated = await bob.SetUpDehydratedDeviceAsync(ct: ct);
        await alice.WaitForDeviceAsync(bob.UserId, dehydrated.DeviceId, ct: ct);

        // Then
        var devices = await alice.GetUserDevicesAsync(bob.UserId, ct);
        Assert.That(devices.Where(d => d.DeviceId == dehydrated.DeviceId).Select(d => d.Dehydrated), Is.EqualTo(new[] { true }),
            $"{alice}'s list of Bob's devices should show {dehydrated.DeviceId} once, flagged as dehydrated");
        Assert.That(devices.Where(d => d.DeviceId == bob.DeviceId).Select(d => d.Dehydrated), Is.EqualTo(new[] { false }),
            $"{alice}'s list of Bob's devices should show his own device {bob.DeviceId} once, not dehydrated");
        var status = await alice.WaitForDeviceVerificationStatusAsync(bob.UserId, dehydrated.DeviceId, s => s.SignedByOwner,
            "Bob's dehydrated device signed by his cross-signing identity", ct: ct);
        Assert.That(status.Known, Is.True);
    }
}
