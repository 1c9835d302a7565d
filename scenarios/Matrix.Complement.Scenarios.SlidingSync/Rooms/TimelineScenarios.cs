namespace Matrix.Complement.Scenarios.SlidingSync.Rooms;

/// <summary>
/// MSC4186 §Timeline and §Room subscriptions: <c>timeline_limit</c> caps the events per room and <c>limited</c>
/// says whether older events were left out; a room subscription returns the named room on its own terms.
/// </summary>
[Msc(4186)]
public sealed class TimelineScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC4186 §Timeline (<c>timeline_limit</c>, <c>limited</c>): after five messages, a limit of 3 returns the last
    /// three in order with <c>limited</c> true; a limit of 50 returns all five with <c>limited</c> false.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_timeline_limit_keeps_the_latest_events_and_marks_the_timeline_limited(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var room = await alice.CreateRoomAsync("timeline", ct);
        var sent = await alice.SendTextsAsync(room, 5, "message", ct);

        // When
        var cut = await alice.Sync.SyncAsync(AllRooms(timelineLimit: 3), ct: ct);
        var whole = await alice.Sync.SyncAsync(AllRooms(timelineLimit: 50), ct: ct);

        // Then
        Assert.That(cut.Room(room)?.TimelineIds, Is.EqualTo(sent.Skip(2)), cut.ToString());
        Assert.That(cut.Room(room)!.Limited, Is.True, "limited with 3 of 5 messages: " + cut);
        Assert.That(whole.Room(room)?.TimelineIds, Is.SupersetOf(sent), whole.ToString());
        Assert.That(whole.Room(room)!.Limited, Is.Not.True, "limited although the whole room fits: " + whole);
    }

    /// <summary>
    /// MSC4186 §Incremental sync (timeline): after a first response, two new messages come in the next response as
    /// the room's whole timeline, not <c>limited</c> and not <c>initial</c>.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task An_incremental_timeline_holds_only_the_new_events(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var room = await alice.CreateRoomAsync("incremental", ct);
        await alice.SendTextsAsync(room, 3, "before", ct);
        var request = AllRooms(timelineLimit: 10);
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        var sent = await alice.SendTextsAsync(room, 2, "after", ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "both new messages",
            r => r.Room(room)?.TimelineIds.Count(sent.Contains) == 2 ? null : "not both new messages", Delivery, ct);
        var synced = next.Room(room)!;
        Assert.That(synced.TimelineIds, Is.EqualTo(sent), next.ToString());
        Assert.That(synced.Limited, Is.Not.True, next.ToString());
        Assert.That(synced.Initial, Is.False, next.ToString());
    }

    /// <summary>
    /// MSC4186 §Room subscriptions: Alice is in rooms A and B; a request with only a subscription to A (no lists)
    /// returns A alone, with the subscription's <c>timeline_limit</c> and <c>required_state</c>.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_room_subscription_returns_that_room_alone(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var a = await alice.CreateRoomAsync("A", ct);
        var b = await alice.CreateRoomAsync("B", ct);
        var last = (await alice.SendTextsAsync(a, 2, "in A", ct))[^1];
        await alice.SendTextAsync(b, "in B, more recent", ct);

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithSubscription(a, 1, [("m.room.create", "")]), ct: ct);

        // Then
        Assert.That(response.RoomIds, Is.EqualTo(new[] { a }), $"B={b}; {response}");
        Assert.That(response.Room(a)!.TimelineIds, Is.EqualTo(new[] { last }), response.ToString());
        Assert.That(response.Room(a)!.StateKeys, Is.EqualTo(new[] { "m.room.create|" }), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Room subscriptions (combined with lists): a subscription to a room outside a list's window of one
    /// adds that room to the response next to the window's room.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_subscription_adds_a_room_outside_the_lists_window(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var older = await alice.CreateRoomAsync("older", ct);
        var newer = await alice.CreateRoomAsync("newer", ct);

        // When
        var response = await alice.Sync.SyncAsync(
            new SlidingSyncRequest().WithList("top", 1, range: (0, 0)).WithSubscription(older, 1), ct: ct);

        // Then
        Assert.That(response.RoomIds, Is.EquivalentTo(new[] { older, newer }), response.ToString());
    }
}
