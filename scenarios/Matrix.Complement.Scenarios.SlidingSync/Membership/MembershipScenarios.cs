namespace Matrix.Complement.Scenarios.SlidingSync.Membership;

/// <summary>
/// MSC4186 §Lists (room membership) and §Incremental sync: invites, joins, leaves and bans that happen on a
/// connection are reflected in the user's lists on the next response.
/// </summary>
[Msc(4186)]
public sealed class MembershipScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC4186 §Lists (invites) and §Room results (<c>invite_state</c>): Bob invites Alice while she syncs; the next
    /// response carries the room with stripped invite state holding her invite.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task An_invite_arrives_with_its_invite_state(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        var room = await bob.CreateRoomAsync("invite", ct, invite: alice.UserId);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "the invite", r => HasRoom(r, room), Delivery, ct);
        var invite = next.Room(room)!.InviteState.FirstOrDefault(e =>
            e["type"]?.GetValue<string>() == "m.room.member" && e["state_key"]?.GetValue<string>() == alice.UserId);
        Assert.That(invite?["content"]?["membership"]?.GetValue<string>(), Is.EqualTo("invite"), next.ToString());
    }

    /// <summary>
    /// MSC4186 §Incremental sync (newly joined rooms): Alice joins Bob's public room while she syncs; the next
    /// response carries the room as <c>initial</c>, with her join in the timeline and her membership in state.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_newly_joined_room_arrives_as_initial_with_the_join(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var room = await bob.CreateRoomAsync("joined", ct, isPublic: true);
        var request = new SlidingSyncRequest().WithList("all", 5, [("m.room.member", "$ME")], (0, 99));
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        Assert.That(first.RoomIds, Does.Not.Contain(room), first.ToString());

        // When
        await alice.JoinAsync(room, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "the joined room", r => HasRoom(r, room), Delivery, ct);
        var synced = next.Room(room)!;
        Assert.That(synced.Initial, Is.True, next.ToString());
        Assert.That(synced.TimelineMembershipOf(alice.UserId), Is.EqualTo("join"), next.ToString());
        Assert.That(synced.StateKeys, Does.Contain($"m.room.member|{alice.UserId}"), next.ToString());
    }

    /// <summary>
    /// MSC4186 §Lists (left rooms): Alice leaves a room while she syncs; the next response carries the room with her
    /// leave in the timeline.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_room_the_user_left_arrives_with_the_leave(CancellationToken ct)
    {
        // Given
        var (alice, _, room, request, pos) = await JoinedAsync(ct);

        // When
        await alice.LeaveAsync(room, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, pos, "the leave",
            r => r.Room(room)?.TimelineMembershipOf(alice.UserId) == "leave" ? null : "no leave", Delivery, ct);
        Assert.That(next.Room(room), Is.Not.Null);
    }

    /// <summary>
    /// MSC4186 §Lists (bans): Bob bans Alice while she syncs; the next response carries the room with the ban in the
    /// timeline.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_ban_arrives_for_the_banned_user(CancellationToken ct)
    {
        // Given
        var (alice, bob, room, request, pos) = await JoinedAsync(ct);

        // When
        await bob.BanAsync(room, alice.UserId, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, pos, "the ban",
            r => r.Room(room)?.TimelineMembershipOf(alice.UserId) == "ban" ? null : "no ban", Delivery, ct);
        Assert.That(next.Room(room), Is.Not.Null);
    }

    /// <summary>
    /// MSC4186 §Lists (membership changes of others): Charlie joins a room Alice is in; her next response carries
    /// the room with Charlie's join.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Another_members_join_arrives_in_the_timeline(CancellationToken ct)
    {
        // Given
        var (alice, bob, room, request, pos) = await JoinedAsync(ct);
        var charlie = await RegisterAsync("charlie", ct);
        await bob.InviteAsync(room, charlie.UserId, ct);

        // When
        await charlie.JoinAsync(room, ct);

        // Then
        await alice.Sync.WaitForAsync(request, pos, "charlie's join",
            r => r.Room(room)?.TimelineMembershipOf(charlie.UserId) == "join" ? null : "no join of charlie", Delivery, ct);
    }

    private static async Task<(SyncActor Alice, SyncActor Bob, string Room, SlidingSyncRequest Request, string Pos)> JoinedAsync(
        CancellationToken ct)
    {
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var room = await bob.CreateRoomAsync("membership", ct, invite: alice.UserId);
        await alice.JoinAsync(room, ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        Assert.That(first.RoomIds, Does.Contain(room), first.ToString());
        return (alice, bob, room, request, first.Pos);
    }
}
