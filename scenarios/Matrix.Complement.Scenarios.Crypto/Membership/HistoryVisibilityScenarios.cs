using Matrix.Complement.Scenarios.Crypto.Support;

// Not ".Membership": a namespace of that name would hide the Membership enum from every scenario in the project.
namespace Matrix.Complement.Scenarios.Crypto.Memberships;

/// <summary>
/// Membership and <c>shared</c> history visibility in an encrypted room. A member who is only invited already gets
/// the room key, so a message sent before they join decrypts afterwards. A message sent while someone is not in the
/// room (before their invite, or after they left) stays visible to them but undecryptable, with the "sent before
/// you joined" failure code; everything sent after they (re)join decrypts. (complement-crypto
/// <c>membership_acls_test.go</c>, catalogue §2.1 #2–#4.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class HistoryVisibilityScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>Alice invites Bob, sends while he is only invited, then after he joined; Bob decrypts both.</summary>
    [Scenario, Spec("client-server-api/#room-history-visibility"), CancelAfter(90_000)]
    public async Task An_invited_member_decrypts_a_message_sent_before_joining(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateEncryptedRoomAsync(alice, ct, new() { Invite = [bob.UserId], HistoryVisibility = HistoryVisibility.Shared });
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);

        // When
        var whileInvited = await alice.SendTextMessagesAsync(room, 1, "sent while bob is invited", ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        await bob.BackPaginateAsync(room, ct: ct);
        var afterJoin = await alice.SendTextMessagesAsync(room, 1, "sent after bob joined", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [.. whileInvited, .. afterJoin], ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>Alice sends, then invites Bob; after joining Bob sees that message as a UTD "sent before you joined".</summary>
    [Scenario, Spec("client-server-api/#room-history-visibility"), CancelAfter(90_000)]
    public async Task A_message_sent_before_an_invite_is_visible_but_undecryptable_after_joining(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateEncryptedRoomAsync(alice, ct, new() { HistoryVisibility = HistoryVisibility.Shared });
        var beforeInvite = await alice.SendTextMessagesAsync(room, 1, "sent before bob was invited", ct);

        // When
        await alice.InviteAsync(room, bob.UserId, ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        await bob.BackPaginateAsync(room, ct: ct);
        var afterJoin = await alice.SendTextMessagesAsync(room, 1, "sent after bob joined", ct);

        // Then
        await WaitForUtdAsync(bob, room, beforeInvite[0], DecryptionFailureCode.HistoricalMessageUserNotJoined, ct);
        await bob.WaitForDecryptedAsync(room, afterJoin, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, [beforeInvite[0].EventId], ct);
    }

    /// <summary>
    /// Bob leaves; Alice sends; Bob is invited back and rejoins. The message from the gap is a UTD "sent before you
    /// joined" (the room key was replaced when he left); the one after his return decrypts.
    /// </summary>
    [Scenario, Spec("client-server-api/#room-history-visibility"), CancelAfter(90_000)]
    public async Task A_message_sent_while_a_member_had_left_stays_undecryptable_after_rejoining(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct, new() { HistoryVisibility = HistoryVisibility.Shared });
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 1, "sent while bob is in", ct), ct: ct);

        // When
        await bob.LeaveAsync(room, ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Leave, ct: ct);
        var whileLeft = await alice.SendTextMessagesAsync(room, 1, "sent while bob had left", ct);
        await alice.InviteAsync(room, bob.UserId, ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        await bob.BackPaginateAsync(room, ct: ct);
        var afterRejoin = await alice.SendTextMessagesAsync(room, 1, "sent after bob rejoined", ct);

        // Then
        await WaitForUtdAsync(bob, room, whileLeft[0], DecryptionFailureCode.HistoricalMessageUserNotJoined, ct);
        await bob.WaitForDecryptedAsync(room, afterRejoin, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, [whileLeft[0].EventId], ct);
    }
}
