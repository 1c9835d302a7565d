using System.Diagnostics;

namespace Matrix.Complement.Scenarios.SlidingSync.Connection;

/// <summary>
/// MSC4186 §Connections and <c>pos</c>: a request with the previous response's <c>pos</c> returns only what changed
/// since, long-polls up to <c>timeout</c> when nothing did, may be retried with the same <c>pos</c>, and a
/// <c>pos</c> the server does not know is refused with <c>M_UNKNOWN_POS</c>.
/// </summary>
[Msc(4186)]
public sealed class PosScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC4186 §Long-polling: with nothing new, a request with <c>pos</c> and a 20 s timeout waits; Bob's message
    /// ends the wait well before the timeout, and the response carries it.
    /// </summary>
    [Scenario, CancelAfter(40_000)]
    public async Task A_long_poll_returns_as_soon_as_new_data_arrives(CancellationToken ct)
    {
        // Given
        var (alice, bob, room) = await SharedRoomAsync(ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        var clock = Stopwatch.StartNew();
        var poll = alice.Sync.SyncAsync(request, first.Pos, TimeSpan.FromSeconds(20), ct);

        // When
        var message = await bob.SendTextAsync(room, "wake up", ct);

        // Then
        var response = await poll;
        Assert.That(response.Room(room)?.TimelineIds, Does.Contain(message), response.ToString());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "the long poll waited for its timeout");
    }

    /// <summary>
    /// MSC4186 §Long-polling: with nothing new, a request with <c>pos</c> and a 1 s timeout does not answer at once,
    /// and answers without rooms.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_long_poll_without_news_waits_and_returns_no_rooms(CancellationToken ct)
    {
        // Given
        var (alice, _, room) = await SharedRoomAsync(ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        Assert.That(first.RoomIds, Does.Contain(room), first.ToString());

        // When
        var clock = Stopwatch.StartNew();
        var response = await alice.Sync.SyncAsync(request, first.Pos, TimeSpan.FromSeconds(1), ct);

        // Then
        Assert.That(response.RoomIds, Is.Empty, response.ToString());
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(800)), "answered before the timeout with nothing new");
    }

    /// <summary>
    /// MSC4186 §Incremental sync: Alice is in rooms A and B; after a message in A, the next response carries A and
    /// leaves B out.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Rooms_without_changes_are_left_out_of_an_incremental_response(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var a = await alice.CreateRoomAsync("A", ct);
        var b = await alice.CreateRoomAsync("B", ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await alice.SendTextAsync(a, "only A changes", ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, $"room A ({a})", r => HasRoom(r, a), Delivery, ct);
        Assert.That(next.RoomIds, Does.Not.Contain(b), next.ToString());
    }

    /// <summary>
    /// MSC4186 §Connections (retrying a request): a request repeated with the same <c>pos</c>, as after a lost
    /// response, returns the same new message again.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_request_retried_with_the_same_pos_returns_the_same_data(CancellationToken ct)
    {
        // Given
        var (alice, bob, room) = await SharedRoomAsync(ct);
        var request = AllRooms();
        var first = await alice.Sync.SyncAsync(request, ct: ct);
        var message = await bob.SendTextAsync(room, "delivered twice", ct);
        var lost = await alice.Sync.SyncAsync(request, first.Pos, TimeSpan.Zero, ct);
        Assert.That(lost.Room(room)?.TimelineIds, Does.Contain(message), "first attempt: " + lost);

        // When
        var retried = await alice.Sync.SyncAsync(request, first.Pos, TimeSpan.Zero, ct);

        // Then
        Assert.That(retried.Room(room)?.TimelineIds, Does.Contain(message), "retry: " + retried);
    }

    /// <summary>
    /// MSC4186 §Connections (unknown <c>pos</c>): a <c>pos</c> the server issued to another user's connection is
    /// unknown on Bob's, and the request fails with HTTP 400 <c>M_UNKNOWN_POS</c>.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task An_unknown_pos_is_refused_with_M_UNKNOWN_POS(CancellationToken ct)
    {
        // Given
        var (alice, bob, _) = await SharedRoomAsync(ct);
        var foreignPos = (await alice.Sync.SyncAsync(AllRooms(), ct: ct)).Pos;

        // When
        var error = await bob.Sync.TrySyncAsync(AllRooms(), foreignPos, ct);

        // Then
        Assert.That(error, Is.Not.Null, "bob's request with alice's pos succeeded");
        Assert.That(error!.Status, Is.EqualTo(HttpStatusCode.BadRequest), error.Message);
        Assert.That(error.ErrorCode, Is.EqualTo("M_UNKNOWN_POS"), error.Message);
    }

    private static async Task<(SyncActor Alice, SyncActor Bob, string Room)> SharedRoomAsync(CancellationToken ct)
    {
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var room = await alice.CreateRoomAsync("pos", ct, invite: bob.UserId);
        await bob.JoinAsync(room, ct);
        return (alice, bob, room);
    }
}
