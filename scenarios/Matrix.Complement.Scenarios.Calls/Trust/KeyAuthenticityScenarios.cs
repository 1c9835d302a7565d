using Matrix.Complement.Scenarios.Calls.Support;

namespace Matrix.Complement.Scenarios.Calls.Trust;

/// <summary>
/// What a receiver does with the keys it is sent (notes/rtc-auth.md A6-A8, MSC4143 "Encryption", MSC4153): keys are
/// kept in the right order even when they arrive early or out of order (A6); a key is bound to the Olm device that
/// sent it, so a forged claim or a clear key is rejected (A7); with "exclude insecure devices", keys neither go to nor
/// come from a device its owner has not cross-signed (A8). A raw device built by the harness plays the peer.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
[Msc(4143)]
public sealed class KeyAuthenticityScenarios(ClientSpec kind) : CallScenario(kind)
{
    /// <summary>
    /// Alice is in a call; Rachel's raw device sends its key before publishing its membership: Alice keeps it and
    /// installs it once the membership appears. Rachel's index then wraps from 255 to 0, and Alice follows. Last,
    /// Rachel sends a newer and then an older key for the same index (the older one arriving second): Alice must keep
    /// the newer one, by the sender's timestamp.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A6_early_wrapped_and_out_of_order_keys_are_applied_in_the_senders_order(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        var call = Participants(alice);
        var room = await CreateCallRoomAsync(call[0], [alice], ct);
        using var rachel = await RawParticipantAsync("rachel", call[0], room, ct);
        await call[0].JoinAsync(room, ct: ct);

        // When: a key before the membership
        var early = RawCallDevice.NewKey();
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 0, early), ct);
        await WaitForKeyMessageAsync(call[0], RawCallDevice.HashOf(early), ct);
        Assert.That((await call[0].GetHeldKeysAsync(room, ct)).Where(k => k.UserId == rachel.Session.UserId), Is.Empty,
            "Alice installed Rachel's key before Rachel had a membership");
        await rachel.PublishMembershipAsync(room, ct);

        // Then: installed once the membership is there
        await call[0].WaitForKeyAsync(KeyOf(rachel, room, 0, early), ct: ct);

        // When / Then: the index wraps from 255 to 0
        foreach (var index in new[] { 255, 0 })
        {
            var key = RawCallDevice.NewKey();
            await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, index, key), ct);
            await call[0].WaitForKeyAsync(KeyOf(rachel, room, index, key), ct: ct);
        }

        // When: index 1 twice, the older key (by the sender's sent_ts) arriving last; then a witness key at index 2
        var (newer, older, witness) = (RawCallDevice.NewKey(), RawCallDevice.NewKey(), RawCallDevice.NewKey());
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 1, newer, sentTs: sentAt), ct);
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 1, older, sentTs: sentAt - 5000), ct);
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 2, witness), ct);
        await call[0].WaitForKeyAsync(KeyOf(rachel, room, 2, witness), ct: ct);

        // Then
        var installed = await call[0].GetKeyEventsAsync(room, ct);
        Assert.That(installed.Any(k => k.KeyHash == RawCallDevice.HashOf(newer)), Is.True, "Alice never installed Rachel's newer index-1 key");
        Assert.That(installed.Where(k => k.KeyHash == RawCallDevice.HashOf(older)), Is.Empty,
            "Alice replaced Rachel's index-1 key with an older one (sent 5 s earlier by Rachel's sent_ts) that arrived later");
    }

    /// <summary>
    /// Alice and Rachel's raw device are in a call. Rachel's second device, not in the call, sends an Olm-encrypted key
    /// that claims to be from Rachel's call device; Rachel's call device sends a key in clear. Neither may be installed
    /// as Rachel's key: Alice holds only the keys Rachel's call device sent Olm-encrypted (a witness key sent last).
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A7_forged_and_cleartext_keys_are_rejected(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        var call = Participants(alice);
        var room = await CreateCallRoomAsync(call[0], [alice], ct);
        using var rachel = await RawParticipantAsync("rachel", call[0], room, ct);
        using var rachelOther = await rachel.NewDeviceAsync(ct);
        await call[0].JoinAsync(room, ct: ct);
        await rachel.PublishMembershipAsync(room, ct);
        var genuine = RawCallDevice.NewKey();
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 0, genuine), ct);
        await call[0].WaitForKeyAsync(KeyOf(rachel, room, 0, genuine), ct: ct);

        // When
        var (forged, clear, witness) = (RawCallDevice.NewKey(), RawCallDevice.NewKey(), RawCallDevice.NewKey());
        await rachelOther.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType,
            rachelOther.KeyContent(room, 1, forged, claimedDeviceId: rachel.Session.DeviceId), ct);
        await rachel.SendClearAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 2, clear), ct);
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 3, witness), ct);
        await call[0].WaitForKeyAsync(KeyOf(rachel, room, 3, witness), ct: ct);

        // Then
        var installed = await call[0].GetKeyEventsAsync(room, ct);
        Assert.Multiple(() =>
        {
            Assert.That(installed.Where(k => k.KeyHash == RawCallDevice.HashOf(forged)), Is.Empty,
                $"Alice installed a key Olm-sent by {rachelOther.Session.DeviceId} that claimed to be from {rachel.Session.DeviceId}");
            Assert.That(installed.Where(k => k.KeyHash == RawCallDevice.HashOf(clear)), Is.Empty, "Alice installed a key sent in clear");
        });
    }

    /// <summary>
    /// Alice and Bob have cross-signing; Alice excludes insecure devices (MSC4153, only devices signed by their owner).
    /// Rachel's raw device, never cross-signed, joins the call with Alice and sends Alice its key; then Bob joins (his
    /// key reaches Alice after Rachel's). Alice must not install Rachel's key and must not send her own key to Rachel.
    /// </summary>
    [Scenario, Msc(4153), CancelAfter(180_000)]
    public async Task A8_keys_are_not_sent_to_or_accepted_from_devices_that_are_not_cross_signed(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        var call = Participants(alice, bob);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.DeviceIsolation, alice);
        await alice.BootstrapCrossSigningAsync(ct);
        await bob.BootstrapCrossSigningAsync(ct);
        await alice.SetDeviceIsolationModeAsync(DeviceIsolationMode.OnlyCrossSigned, ct);
        var room = await CreateCallRoomAsync(call[0], [alice, bob], ct);
        using var rachel = await RawParticipantAsync("rachel", call[0], room, ct);

        // When
        await using var traffic = await SniffKeyTrafficAsync([alice], ct);
        await call[0].JoinAsync(room, ct: ct);
        await rachel.PublishMembershipAsync(room, ct);
        var untrusted = RawCallDevice.NewKey();
        await rachel.SendEncryptedAsync(alice.UserId, alice.DeviceId, MatrixRtcParticipant.EncryptionKeysType, rachel.KeyContent(room, 0, untrusted), ct);
        await call[1].JoinAsync(room, ct: ct);
        await WaitForCompleteKeysAsync(room, call, ct);

        // Then
        var fromRachel = (await call[0].GetKeyEventsAsync(room, ct)).Where(k => k.UserId == rachel.Session.UserId).ToList();
        var recipients = ToDeviceRecipients(traffic).SelectMany(t => t.Recipients).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fromRachel, Is.Empty, "Alice installed a key from a device its owner never cross-signed");
            Assert.That(recipients, Does.Not.Contain(rachel.Participant),
                "Alice sent an encrypted to-device message (her key) to a device its owner never cross-signed");
        });
    }

    private static RtcKeyMatch KeyOf(RawCallDevice device, string room, int index, byte[] key) => new()
    {
        RoomId = room, UserId = device.Session.UserId, DeviceId = device.Session.DeviceId, Index = index,
        KeyHash = RawCallDevice.HashOf(key), Own = false,
    };
}
