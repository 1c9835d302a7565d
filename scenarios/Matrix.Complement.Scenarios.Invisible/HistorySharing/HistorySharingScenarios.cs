using Matrix.Complement.Scenarios.Invisible.Support;

namespace Matrix.Complement.Scenarios.Invisible.HistorySharing;

/// <summary>
/// Sharing room-key history with a newly invited user (MSC4268): when Alice invites Bob, her client sends him a key
/// bundle (uploaded encrypted to the media repository, its key in an Olm to-device message) holding the keys of the
/// sessions the room's history visibility let her share; Bob's client imports it when he joins. Only sessions
/// created while the visibility was <c>shared</c> or <c>world_readable</c> may be shared, and nothing is shared when
/// the room's current visibility is <c>joined</c> or <c>invited</c>. Both users need cross-signing: the bundle goes
/// only to cross-signed devices, from a device its owner signed.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class HistorySharingScenarios(ClientPair clients) : InvisibleScenario(clients)
{
    /// <summary>
    /// Alice sends in a room whose history is shared, then while it is members-only, then shared again, and invites
    /// Bob. Bob joins and scrolls back: he decrypts the messages of both shared periods, and never decrypts the
    /// members-only ones (his server should not even show them).
    /// </summary>
    [Scenario, Msc(4268), Spec("client-server-api/#room-history-visibility"), CancelAfter(180_000)]
    public async Task An_invited_user_decrypts_the_history_the_room_shared_and_nothing_else(CancellationToken ct)
    {
        // Given
        var (alice, bob) = await CrossSignedAsync(ct);
        await using var _ = alice;
        await using var __ = bob;
        var room = await alice.CreateRoomAsync(new() { Encrypted = true, HistoryVisibility = HistoryVisibility.Shared,
            Name = TestContext.CurrentContext.Test.Name }, ct);
        var sharedBefore = await alice.SendTextMessagesAsync(room, 2, "while history was shared", ct);
        await alice.SetHistoryVisibilityAsync(room, HistoryVisibility.Joined, ct);
        var membersOnly = await alice.SendTextMessagesAsync(room, 2, "while history was members-only", ct);
        await alice.SetHistoryVisibilityAsync(room, HistoryVisibility.Shared, ct);
        var sharedAgain = await alice.SendTextMessagesAsync(room, 2, "after history was shared again", ct);

        // When
        await alice.InviteAsync(room, bob.UserId, ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        await ScrollBackAsync(bob, room, ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [.. sharedBefore, .. sharedAgain], ct: ct);
        var hidden = membersOnly.Select(m => m.EventId).ToList();
        await bob.MustHaveNoUnexpectedUtdsAsync(room, hidden, ct);
        Assert.That((await bob.GetTimelineAsync(room, ct)).Where(e => hidden.Contains(e.EventId)),
            Has.None.Matches<TimelineEvent>(e => e.Decryption == DecryptionState.Decrypted),
            $"{bob} should not decrypt what Alice sent while the room's history was members-only");
    }

    /// <summary>
    /// Alice sends while the room's history is shared, then makes it members-only before inviting Bob: the room no
    /// longer shares history, so Bob sees the earlier messages but cannot decrypt them; a message sent after he
    /// joined decrypts.
    /// </summary>
    [Scenario, Msc(4268), Spec("client-server-api/#room-history-visibility"), CancelAfter(180_000)]
    public async Task Nothing_is_shared_when_the_room_no_longer_shares_its_history(CancellationToken ct)
    {
        // Given
        var (alice, bob) = await CrossSignedAsync(ct);
        await using var _ = alice;
        await using var __ = bob;
        var room = await alice.CreateRoomAsync(new() { Encrypted = true, HistoryVisibility = HistoryVisibility.Shared,
            Name = TestContext.CurrentContext.Test.Name }, ct);
        var before = await alice.SendTextMessagesAsync(room, 1, "before history became members-only", ct);
        await alice.SetHistoryVisibilityAsync(room, HistoryVisibility.Joined, ct);

        // When
        await alice.InviteAsync(room, bob.UserId, ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        await ScrollBackAsync(bob, room, ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after Bob joined", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, after, ct: ct);
        await bob.WaitForUnableToDecryptAsync(room, before[0], DecryptionFailureCode.HistoricalMessageUserNotJoined, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, [before[0].EventId], ct);
    }

    // Back-paginates to the start of the room, as a user scrolling up does: a server that joined the room over
    // federation has none of its history until a client asks for it (the server backfills on /messages).
    private static async Task ScrollBackAsync(IClient reader, string room, CancellationToken ct)
    {
        for (var page = 0; page < 5; page++)
            if (await reader.BackPaginateAsync(room, 50, ct)) return;
        throw new ExpectationFailedException($"{reader} did not reach the start of {room} after 5 pages of 50 events");
    }

    // Alice and Bob logged in, with the history-sharing feature, both cross-signed.
    private async Task<(IClient Alice, IClient Bob)> CrossSignedAsync(CancellationToken ct)
    {
        var alice = await LoginAsync("alice", Clients.Alice, ct);
        var bob = await LoginAsync("bob", Clients.Bob, ct);
        try
        {
            Require.Feature(ClientFeature.HistorySharing, alice, bob);
            Require.Feature(ClientFeature.CrossSigning, alice, bob);
            await alice.BootstrapCrossSigningAsync(ct);
            await bob.BootstrapCrossSigningAsync(ct);
            return (alice, bob);
        }
        catch
        {
            await alice.DisposeAsync();
            await bob.DisposeAsync();
            throw;
        }
    }
}
