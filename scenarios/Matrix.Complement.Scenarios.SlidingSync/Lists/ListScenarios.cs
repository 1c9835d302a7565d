namespace Matrix.Complement.Scenarios.SlidingSync.Lists;

/// <summary>
/// MSC4186 §Lists: a list matches the user's rooms, orders them by most recent activity, returns only the rooms
/// inside its <c>ranges</c> (inclusive) and reports the number of matching rooms as <c>count</c>.
/// </summary>
[Msc(4186)]
public sealed class ListScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC4186 §Lists (sorting by activity, ranges): Alice creates rooms A, B and C, then speaks in A. A window of
    /// one room holds A alone, and <c>count</c> is 3.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task The_first_room_of_a_list_is_the_one_with_the_latest_activity(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var a = await alice.CreateRoomAsync("A", ct);
        var b = await alice.CreateRoomAsync("B", ct);
        var c = await alice.CreateRoomAsync("C", ct);

        // When
        await alice.SendTextAsync(a, "A becomes the most recent", ct);
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("top", 1, range: (0, 0)), ct: ct);

        // Then
        Assert.That(response.RoomIds, Is.EquivalentTo(new[] { a }), $"rooms B={b}, C={c}; {response}");
        Assert.That(response.ListCount("top"), Is.EqualTo(3), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Lists (ranges are inclusive and cut the list): of rooms A, B, C created in that order, the window
    /// [1,2] holds the two older rooms, B and A, and not C.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_range_returns_only_the_rooms_inside_it(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var a = await alice.CreateRoomAsync("A", ct);
        var b = await alice.CreateRoomAsync("B", ct);
        var c = await alice.CreateRoomAsync("C", ct);

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("older", 1, range: (1, 2)), ct: ct);

        // Then
        Assert.That(response.RoomIds, Is.EquivalentTo(new[] { a, b }), $"C={c}; {response}");
        Assert.That(response.ListCount("older"), Is.EqualTo(3), response.ToString());
    }

    /// <summary>
    /// MSC4186 §Lists and §Incremental sync: with a window of one room showing C, a new message in A moves A to the
    /// top, and the next response on the connection carries A.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_room_bumped_by_a_message_moves_into_the_window(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var a = await alice.CreateRoomAsync("A", ct);
        var c = await alice.CreateRoomAsync("C", ct);
        var request = new SlidingSyncRequest().WithList("top", 1, range: (0, 0));
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        Assert.That(first.RoomIds, Is.EquivalentTo(new[] { c }), "before the message: " + first);

        // When
        var message = await alice.SendTextAsync(a, "bump A", ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, $"room A ({a}) in the window",
            r => HasRoom(r, a), Delivery, ct);
        Assert.That(next.Room(a)!.TimelineIds, Does.Contain(message), next.ToString());
    }

    /// <summary>
    /// MSC4186 §Lists (no <c>ranges</c>: "no sliding window is used and all rooms are returned in this list"): a list
    /// without ranges returns all three of Alice's rooms, with <c>count</c> 3.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_list_without_ranges_returns_every_room(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        string[] rooms = [await alice.CreateRoomAsync("A", ct), await alice.CreateRoomAsync("B", ct), await alice.CreateRoomAsync("C", ct)];

        // When
        var response = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithList("all", 1), ct: ct);

        // Then
        Assert.That(response.RoomIds, Is.EquivalentTo(rooms), response.ToString());
        Assert.That(response.ListCount("all"), Is.EqualTo(3), response.ToString());
    }
}
