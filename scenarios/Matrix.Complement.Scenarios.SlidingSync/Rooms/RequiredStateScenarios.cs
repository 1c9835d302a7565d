namespace Matrix.Complement.Scenarios.SlidingSync.Rooms;

/// <summary>
/// MSC4186 §Required state: <c>required_state</c> selects which state events come with a room; <c>*</c> is a
/// wildcard, <c>$LAZY</c> selects the members who sent the returned timeline events, <c>$ME</c> the user.
/// </summary>
[Msc(4186)]
public sealed class RequiredStateScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC4186 §Required state (wildcard <c>["*","*"]</c>): Alice and Bob share a named room; the wildcard returns
    /// the create, power levels, join rules and name events and both memberships.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task The_wildcard_returns_the_whole_room_state(CancellationToken ct)
    {
        // Given
        var (alice, bob, _, room) = await RoomOfThreeAsync(ct, withCharlie: false);

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("all", 1, SlidingSyncRequest.AllState, (0, 99)), ct: ct);

        // Then
        Assert.That(response.Room(room)?.StateKeys, Is.SupersetOf(new[]
        {
            "m.room.create|", "m.room.power_levels|", "m.room.join_rules|", "m.room.name|",
            $"m.room.member|{alice.UserId}", $"m.room.member|{bob.UserId}",
        }), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Required state (<c>$LAZY</c>): Alice, Bob and Charlie share a room; Charlie speaks, then Bob. With a
    /// timeline of one event, lazy members include Bob (the sender) and not Charlie.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Lazy_members_are_the_senders_of_the_returned_timeline(CancellationToken ct)
    {
        // Given
        var (alice, bob, charlie, room) = await RoomOfThreeAsync(ct, withCharlie: true);
        await charlie!.SendTextAsync(room, "from charlie, outside the timeline window", ct);
        var last = await bob.SendTextAsync(room, "from bob, the last event", ct);

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("all", 1, [("m.room.member", "$LAZY")], (0, 99)), ct: ct);

        // Then
        var synced = response.Room(room);
        Assert.That(synced?.TimelineIds, Is.EqualTo(new[] { last }), response.ToString());
        Assert.That(synced!.StateKeys, Does.Contain($"m.room.member|{bob.UserId}"), response.ToString());
        Assert.That(synced.StateKeys, Does.Not.Contain($"m.room.member|{charlie.UserId}"), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Required state (<c>$ME</c>): in a room shared with Bob, <c>["m.room.member","$ME"]</c> returns Alice's
    /// own membership and nothing else.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Me_selects_only_the_users_own_membership(CancellationToken ct)
    {
        // Given
        var (alice, _, _, room) = await RoomOfThreeAsync(ct, withCharlie: false);

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("all", 1, [("m.room.member", "$ME")], (0, 99)), ct: ct);

        // Then
        Assert.That(response.Room(room)?.StateKeys, Is.EqualTo(new[] { $"m.room.member|{alice.UserId}" }), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Required state (exact type and state key, <c>*</c> as a state key): <c>["m.room.name",""]</c> plus
    /// <c>["m.room.member","*"]</c> return the name and every membership, and no other type.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Exact_and_wildcard_state_keys_select_only_what_was_asked(CancellationToken ct)
    {
        // Given
        var (alice, bob, _, room) = await RoomOfThreeAsync(ct, withCharlie: false);

        // When
        var response = await alice.Sync.SyncAsync(
            new SlidingSyncRequest().WithList("all", 1, [("m.room.name", ""), ("m.room.member", "*")], (0, 99)), ct: ct);

        // Then
        Assert.That(response.Room(room)?.StateKeys, Is.EquivalentTo(new[]
        {
            "m.room.name|", $"m.room.member|{alice.UserId}", $"m.room.member|{bob.UserId}",
        }), response.ToString());
    }

    private static async Task<(SyncActor Alice, SyncActor Bob, SyncActor? Charlie, string Room)> RoomOfThreeAsync(
        CancellationToken ct, bool withCharlie)
    {
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var charlie = withCharlie ? await RegisterAsync("charlie", ct) : null;
        var room = await alice.CreateRoomAsync("state", ct, invite: charlie is null ? [bob.UserId] : [bob.UserId, charlie.UserId]);
        await bob.JoinAsync(room, ct);
        if (charlie is not null) await charlie.JoinAsync(room, ct);
        return (alice, bob, charlie, room);
    }
}
