using Matrix.Complement.Scenarios.Calls.Support;

namespace Matrix.Complement.Scenarios.Calls.KeyDistribution;

/// <summary>
/// Who gets a call's media keys, and how (notes/rtc-auth.md §2.1, MSC4143 "Encryption"): every member holds every
/// other member's current key soon after joining (A1), and keys go only, Olm-encrypted, to the devices of joined
/// members — never to a room member outside the call, a member's other device, or the room timeline (A2).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
[Msc(4143), Msc(4140)]
public sealed class KeyDistributionScenarios(ClientSpec kind) : CallScenario(kind)
{
    private const string EncryptedToDevice = "m.room.encrypted";

    /// <summary>
    /// Alice, Bob and Charlie join a call. Within the key-use delay plus one delivery, each holds both others'
    /// current keys (same index and bytes as their senders' own keys), and every key each received came Olm-encrypted.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A1_every_member_holds_every_other_members_current_key(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        await using var charlie = await LoginAsync("charlie", ct);
        var call = Participants(alice, bob, charlie);
        var room = await CreateCallRoomAsync(call[0], [alice, bob, charlie], ct);

        // When
        await using var traffic = await SniffKeyTrafficAsync([alice, bob, charlie], ct);
        foreach (var p in call) await p.JoinAsync(room, ct: ct);

        // Then
        var current = await WaitForCompleteKeysAsync(room, call, ct);
        foreach (var receiver in call)
        {
            var messages = await receiver.GetReceivedKeyMessagesAsync(ct);
            Assert.That(messages.Where(m => !m.Encrypted || m.Transport != "toDevice"), Is.Empty,
                $"{receiver} received keys in clear or as room events");
            foreach (var sender in call.Where(s => s != receiver))
                Assert.That(messages.Any(m => m.Sender == sender.Client.UserId && m.KeyHash == current[sender.Participant].KeyHash),
                    $"{receiver} holds {current[sender.Participant]} without a recorded Olm to-device message carrying it: " +
                    string.Join("; ", messages));
        }
        Assert.That(ToDeviceRecipients(traffic).Where(t => t.Type == MatrixRtcParticipant.EncryptionKeysType), Is.Empty,
            "media keys were sent as clear to-device messages");
    }

    /// <summary>
    /// Alice and Bob are in a call; Olivia (a room member outside the call) and Alice's second device are in the room
    /// too, started before the call. Once Alice and Bob hold each other's keys, no to-device message from either was
    /// addressed to a device outside the call, no key-carrying room event was sent, and neither Olivia nor Alice's
    /// other device received a key.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A2_keys_go_only_to_the_devices_of_joined_members(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var aliceOther = await LoginNewDeviceAsync(alice, ct);
        await using var bob = await LoginAsync("bob", ct);
        await using var olivia = await LoginAsync("olivia", ct);
        var call = Participants(alice, bob);
        var outside = Participants(aliceOther, olivia);
        var room = await CreateCallRoomAsync(call[0], [alice, bob, olivia], ct);
        await aliceOther.WaitForMembershipAsync(room, alice.UserId, Membership.Join, ct: ct);

        // When
        await using var traffic = await SniffKeyTrafficAsync([alice, bob], ct);
        foreach (var p in call) await p.JoinAsync(room, ct: ct);
        await WaitForCompleteKeysAsync(room, call, ct);

        // Then
        var inCall = call.Select(p => p.Participant).ToHashSet();
        Assert.That(ToDeviceRecipients(traffic).Where(t => t.Type == EncryptedToDevice).SelectMany(t => t.Recipients),
            Is.SupersetOf(inCall), "the proxy should have seen the encrypted to-device messages that carried the keys");
        var stray = ToDeviceRecipients(traffic)
            .Where(t => t.Type is EncryptedToDevice or MatrixRtcParticipant.EncryptionKeysType)
            .SelectMany(t => t.Recipients.Where(r => !inCall.Contains(r)).Select(r => $"{t.Type} from {t.Sender} to {r}")).ToList();
        Assert.That(stray, Is.Empty, "to-device messages of the call's members reached devices outside the call");
        Assert.That(RoomSendTypes(traffic).Where(t => t is EncryptedToDevice or MatrixRtcParticipant.EncryptionKeysType
                or "m.rtc.encryption_key" or "org.matrix.msc4143.rtc.encryption_key"), Is.Empty,
            "a key-carrying (or encrypted) room event was sent in the call's room");
        foreach (var o in outside)
            Assert.That(await o.GetReceivedKeyMessagesAsync(ct), Is.Empty, $"{o} is not in the call but received key messages");
    }
}
