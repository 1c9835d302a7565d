namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>
/// Base of the sliding-sync scenarios: fresh users on the shared hs1+hs2 deployment, each with a raw MSC4186 client.
/// </summary>
public abstract class SlidingSyncScenario : ScenarioTest
{
    /// <summary>Long-poll budget for something already persisted on the same server.</summary>
    protected static TimeSpan Delivery => Timeouts.MessageDelivery;

    /// <summary>Registers a fresh user whose localpart starts with <paramref name="actor"/> on <paramref name="server"/>.</summary>
    protected static async Task<SyncActor> RegisterAsync(string actor, CancellationToken ct, string server = "hs1")
    {
        var handle = (await SharedDeployment.GetAsync(ct).ConfigureAwait(false))[server];
        return new SyncActor(handle, await handle.RegisterUserAsync(actor, ct).ConfigureAwait(false));
    }

    /// <summary>Logs <paramref name="actor"/>'s user in again: a new device of the same user.</summary>
    protected static async Task<SyncActor> LoginNewDeviceAsync(SyncActor actor, CancellationToken ct) =>
        new(actor.Server, await actor.Server.Api.LoginAsync(actor.Session.Localpart, actor.Session.Password, ct: ct).ConfigureAwait(false));

    /// <summary>
    /// A list named <c>all</c> with the window [0,99] (every room of a scenario's fresh user), with
    /// <paramref name="timelineLimit"/> and no state. The window is explicit: a list without <c>ranges</c> is its
    /// own scenario (<c>ListScenarios.A_list_without_ranges_returns_every_room</c>).
    /// </summary>
    protected static SlidingSyncRequest AllRooms(int timelineLimit = 5) =>
        new SlidingSyncRequest().WithList("all", timelineLimit, range: (0, 99));

    /// <summary>Null when the response has <paramref name="roomId"/>, else why not.</summary>
    protected static string? HasRoom(SlidingSyncResponse r, string roomId) =>
        r.Room(roomId) is null ? $"room {roomId} absent" : null;
}
