using System.Diagnostics;

namespace Matrix.Complement.Harness.Http;

/// <summary>
/// The raw floor of message latency: no SDK, no browser, no encryption. A receiver parks a long-poll
/// <c>/sync</c>; the sender sends one unencrypted message; the time until the poll returns it is one sample.
/// </summary>
public static class SendSyncProbe
{
    private const string Filter = """{"presence":{"types":[]},"account_data":{"types":[]},"room":{"timeline":{"limit":5},"state":{"lazy_load_members":true},"ephemeral":{"types":[]},"account_data":{"types":[]}}}""";

    /// <summary>How long the receiver's poll is given to park on the server before the send.</summary>
    public static readonly TimeSpan ParkTime = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Registers a sender through <paramref name="sender"/> and a receiver through <paramref name="receiver"/> (the
    /// same server or two federating ones), shares a room, then takes <paramref name="samples"/> samples in ms.
    /// </summary>
    public static async Task<IReadOnlyList<double>> MeasureAsync(ClientServerApi sender, ClientServerApi receiver, int samples,
        CancellationToken ct = default)
    {
        var alice = await sender.RegisterAsync(Deployment.HomeserverHandle.UniqueLocalpart("probe-a"), "pw-probe-a", ct: ct).ConfigureAwait(false);
        var bob = await receiver.RegisterAsync(Deployment.HomeserverHandle.UniqueLocalpart("probe-b"), "pw-probe-b", ct: ct).ConfigureAwait(false);
        var room = await sender.CreateRoomAsync(alice, new JsonObject
        {
            ["preset"] = "private_chat",
            ["invite"] = new JsonArray(bob.UserId),
        }, ct).ConfigureAwait(false);
        var senderServer = alice.UserId[(alice.UserId.IndexOf(':') + 1)..];
        await Waiting.Eventually.SatisfiesAsync($"{bob.UserId} has joined {room}", Waiting.Timeouts.MessageDelivery,
            async c => { await receiver.JoinAsync(bob, room, [senderServer], c).ConfigureAwait(false); return true; },
            _ => null, ct).ConfigureAwait(false);

        var since = (await SyncAsync(receiver, bob, null, 0, ct).ConfigureAwait(false))["next_batch"]!.GetValue<string>();
        var results = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var body = $"probe-{i}-{Guid.NewGuid():N}";
            var poll = WaitForBodyAsync(receiver, bob, room, since, body, ct);
            await Task.Delay(ParkTime, ct).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await sender.SendTextAsync(alice, room, body, ct).ConfigureAwait(false);
            since = await poll.ConfigureAwait(false);
            results.Add(clock.Elapsed.TotalMilliseconds);
        }
        return results;
    }

    private static async Task<string> WaitForBodyAsync(ClientServerApi api, MatrixSession who, string room, string since,
        string body, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Waiting.Timeouts.MessageDelivery)
        {
            var sync = await SyncAsync(api, who, since, 15_000, ct).ConfigureAwait(false);
            since = sync["next_batch"]!.GetValue<string>();
            var events = sync["rooms"]?["join"]?[room]?["timeline"]?["events"]?.AsArray();
            if (events is not null && events.Any(e => e?["content"]?["body"]?.GetValue<string>() == body)) return since;
        }
        throw new TimeoutException($"{who.UserId} did not see '{body}' in {room} within {Waiting.Timeouts.MessageDelivery.TotalSeconds}s");
    }

    private static Task<JsonObject> SyncAsync(ClientServerApi api, MatrixSession who, string? since, int timeoutMs,
        CancellationToken ct) =>
        api.SendAsync(HttpMethod.Get, $"/_matrix/client/v3/sync?timeout={timeoutMs}&filter={Uri.EscapeDataString(Filter)}" +
            (since is null ? "" : "&since=" + Uri.EscapeDataString(since)), who, null, ct);
}
