using Matrix.Complement.Scenarios.Adversarial.Support;

namespace Matrix.Complement.Scenarios.Adversarial.DeviceKeys;

/// <summary>
/// Device keys whose self-signature does not verify. The homeserver stores them as uploaded; the spec has a client
/// that downloads device keys check each device's signature with its own Ed25519 key and ignore a device whose
/// signature is invalid, so nothing is ever encrypted to it.
/// </summary>
[TestFixtureSource(typeof(AdversarialScenario), nameof(Victims))]
public sealed class DeviceKeySignatureScenarios(ClientSpec victim) : AdversarialScenario(victim)
{
    /// <summary>
    /// Mallory has two raw devices: a good one and one whose device keys carry a bad signature. Bob (the SDK) shares a
    /// room with Mallory. Bob's client learns the good device, never the bad one, and encrypts only to the good one:
    /// the bad device cannot read Bob's message (<c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>) while the good one can.
    /// </summary>
    [Scenario, Spec("client-server-api/#downloading-keys"), CancelAfter(120_000)]
    public async Task A_device_with_a_bad_key_signature_is_ignored_and_gets_no_room_key(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        await using var good = await LoginRawAsync("mallory", ct);
        await using var forged = await RawClient.LoginNewDeviceAsync(deployment, good,
            new RawClientOptions { CorruptDeviceKeySignature = true }, ClientOptions(), ct);
        await using var bob = await LoginVictimAsync("bob", ct);
        var room = await CreateRoomAsync(bob, [good], ct);
        await bob.WaitForDeviceAsync(good.UserId, good.DeviceId, ct: ct);

        // When
        var sent = await bob.SendTextAsync(room, "for Mallory's validly signed devices only", ct);

        // Then
        await good.WaitForDecryptedAsync(room, [sent], ct: ct);
        await forged.WaitForUnableToDecryptAsync(room, sent, DecryptionFailureCode.MegolmUnknownInboundSessionId, ct: ct);
        var status = await bob.GetDeviceVerificationStatusAsync(good.UserId, forged.DeviceId, ct);
        Assert.That(status.Known, Is.False, $"{bob} lists Mallory's device {forged.DeviceId}, whose key signature is invalid: {status}");
    }
}
