namespace Matrix.Complement.Scenarios.SlidingSync.Extensions;

/// <summary>
/// MSC4186 §Extensions: <c>account_data</c> (MSC3959), <c>receipts</c> (MSC3960) and <c>typing</c> (MSC3961)
/// deliver changes for the user and for the rooms of the request's lists and subscriptions.
/// </summary>
[Msc(4186)]
public sealed class RoomExtensionScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC3959 (global account data): Alice sets global account data while she syncs; the next response's
    /// <c>account_data.global</c> carries it with its content.
    /// </summary>
    [Scenario, Msc(3959), CancelAfter(30_000)]
    public async Task Global_account_data_arrives_in_the_account_data_extension(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var request = AllRooms().WithRoomExtension("account_data");
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await alice.SetAccountDataAsync("com.example.sss_global", new JsonObject { ["colour"] = "teal" }, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "the global account data",
            r => Global(r).Any(e => e["type"]?.GetValue<string>() == "com.example.sss_global") ? null : "absent", Delivery, ct);
        var data = Global(next).First(e => e["type"]?.GetValue<string>() == "com.example.sss_global");
        Assert.That(data["content"]?["colour"]?.GetValue<string>(), Is.EqualTo("teal"), next.ToString());
    }

    /// <summary>
    /// MSC3959 (room account data): Alice sets account data on a room of her list while she syncs; the next response
    /// carries it under <c>account_data.rooms[room]</c>.
    /// </summary>
    [Scenario, Msc(3959), CancelAfter(30_000)]
    public async Task Room_account_data_arrives_under_its_room(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var room = await alice.CreateRoomAsync("account data", ct);
        var request = AllRooms().WithRoomExtension("account_data");
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await alice.SetRoomAccountDataAsync(room, "com.example.sss_room", new JsonObject { ["pinned"] = true }, ct);

        // Then
        await alice.Sync.WaitForAsync(request, first.Pos, "the room account data",
            r => r.Extension("account_data")?["rooms"]?[room] is JsonArray events &&
                 events.Any(e => e?["type"]?.GetValue<string>() == "com.example.sss_room" &&
                                 e["content"]?["pinned"]?.GetValue<bool>() == true) ? null : "absent", Delivery, ct);
    }

    /// <summary>
    /// MSC3960 (receipts): Bob sends a read receipt for a message in a room of Alice's list; her next response's
    /// <c>receipts.rooms[room]</c> is an <c>m.receipt</c> event naming Bob under that event.
    /// </summary>
    [Scenario, Msc(3960), CancelAfter(30_000)]
    public async Task A_read_receipt_arrives_in_the_receipts_extension(CancellationToken ct)
    {
        // Given
        var (alice, bob, room) = await SharedRoomAsync(ct);
        var message = await alice.SendTextAsync(room, "read me", ct);
        var request = AllRooms().WithRoomExtension("receipts");
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await bob.SendReadReceiptAsync(room, message, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "bob's receipt",
            r => r.Extension("receipts")?["rooms"]?[room]?["content"]?[message]?["m.read"]?[bob.UserId] is JsonObject ? null : "absent",
            Delivery, ct);
        Assert.That(next.Extension("receipts")!["rooms"]![room]!["type"]?.GetValue<string>(), Is.EqualTo("m.receipt"), next.ToString());
    }

    /// <summary>
    /// MSC3961 (typing): Bob starts typing in a room of Alice's list; her next response's <c>typing.rooms[room]</c>
    /// is an <c>m.typing</c> event whose <c>user_ids</c> include Bob.
    /// </summary>
    [Scenario, Msc(3961), CancelAfter(30_000)]
    public async Task A_typing_user_arrives_in_the_typing_extension(CancellationToken ct)
    {
        // Given
        var (alice, bob, room) = await SharedRoomAsync(ct);
        var request = AllRooms().WithRoomExtension("typing");
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await bob.StartTypingAsync(room, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "bob typing",
            r => r.Extension("typing")?["rooms"]?[room]?["content"]?["user_ids"] is JsonArray ids &&
                 ids.Any(i => i?.GetValue<string>() == bob.UserId) ? null : "bob not typing", Delivery, ct);
        Assert.That(next.Extension("typing")!["rooms"]![room]!["type"]?.GetValue<string>(), Is.EqualTo("m.typing"), next.ToString());
    }

    /// <summary>
    /// MSC3961 with MSC4186 §Extensions (room scoping): Bob types in a room that is not in Alice's request (window
    /// of one holding another room); the typing extension leaves that room out.
    /// </summary>
    [Scenario, Msc(3961), CancelAfter(30_000)]
    public async Task Typing_in_a_room_outside_the_request_is_left_out(CancellationToken ct)
    {
        // Given
        var (alice, bob, room) = await SharedRoomAsync(ct);
        var other = await alice.CreateRoomAsync("in the window", ct);
        var request = new SlidingSyncRequest().WithList("top", 1, range: (0, 0)).WithRoomExtension("typing");
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        Assert.That(first.RoomIds, Is.EqualTo(new[] { other }), first.ToString());

        // When
        await bob.StartTypingAsync(room, ct);
        await alice.StartTypingAsync(other, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "alice typing in the window's room",
            r => r.Extension("typing")?["rooms"]?[other] is JsonObject ? null : "no typing for the window's room", Delivery, ct);
        Assert.That(next.Extension("typing")?["rooms"]?[room], Is.Null, "typing of a room outside the request: " + next);
    }

    private static IEnumerable<JsonObject> Global(SlidingSyncResponse r) =>
        r.Extension("account_data")?["global"] is JsonArray events ? events.OfType<JsonObject>() : [];

    private static async Task<(SyncActor Alice, SyncActor Bob, string Room)> SharedRoomAsync(CancellationToken ct)
    {
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var room = await alice.CreateRoomAsync("extensions", ct, invite: bob.UserId);
        await bob.JoinAsync(room, ct);
        return (alice, bob, room);
    }
}
