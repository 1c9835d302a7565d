using Matrix.Complement.Scenarios.Crypto.Support;

// Not ".Membership": a namespace of that name would hide the Membership enum from every scenario in the project.
namespace Matrix.Complement.Scenarios.Crypto.Memberships;

/// <summary>
/// A member logs in on a new device. Without key backup, the new device cannot read what was sent before it existed
/// (a UTD "sent before this device logged in, no key backup") but decrypts everything sent once the sender knows
/// it. A device added between the invite and the join should still be able to read the message sent in between:
/// the sender (or the member's other device) has to share the key with it. (complement-crypto
/// <c>membership_acls_test.go</c>, catalogue §2.1 #5–#6.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class NewDeviceHistoryScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>Bob's new device sees Alice's earlier message as a UTD and decrypts her next one.</summary>
    [Scenario, Spec("client-server-api/#server-side-key-backups"), CancelAfter(90_000)]
    public async Task A_new_device_cannot_decrypt_earlier_messages_but_decrypts_later_ones(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct, new() { HistoryVisibility = HistoryVisibility.Shared });
        var beforeLogin = await alice.SendTextMessagesAsync(room, 1, "sent before bob's new device", ct);
        await bob.WaitForDecryptedAsync(room, beforeLogin, ct: ct);

        // When
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        Require.Feature(ClientFeature.KeyBackup, bob2);
        await alice.WaitForDeviceAsync(bob.UserId, bob2.DeviceId, ct: ct);
        var afterLogin = await alice.SendTextMessagesAsync(room, 1, "sent after bob's new device logged in", ct);

        // Then
        await bob2.BackPaginateAsync(room, ct: ct);
        await WaitForUtdAsync(bob2, room, beforeLogin[0], DecryptionFailureCode.HistoricalMessageNoKeyBackup, ct);
        await bob2.WaitForDecryptedAsync(room, afterLogin, ct: ct);
        await bob.WaitForDecryptedAsync(room, afterLogin, ct: ct);
        await bob2.MustHaveNoUnexpectedUtdsAsync(room, [beforeLogin[0].EventId], ct);
    }

    /// <summary>
    /// Alice sends while Bob is invited (his first device gets the key); Bob then logs in on a second device and
    /// joins from it. The second device must decrypt that message. complement-crypto asserts the opposite, as a
    /// known gap (no re-encryption for new devices).
    /// </summary>
    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(90_000)]
    [IssueLink("https://github.com/matrix-org/complement-crypto/blob/main/tests/membership_acls_test.go")]
    public async Task A_device_added_after_the_invite_decrypts_the_message_sent_in_between(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateEncryptedRoomAsync(alice, ct, new() { Invite = [bob.UserId], HistoryVisibility = HistoryVisibility.Shared });
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        var whileInvited = await alice.SendTextMessagesAsync(room, 1, "alice should share this with bob's new device", ct);

        // When
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        await JoinInvitedAsync(bob2, alice, room, ct);
        await bob2.BackPaginateAsync(room, ct: ct);

        // Then
        await bob2.WaitForDecryptedAsync(room, whileInvited, ct: ct);
        await bob2.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
