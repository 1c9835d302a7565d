namespace Matrix.Complement.Scenarios.SlidingSync.Extensions;

/// <summary>
/// MSC4186 §Extensions, <c>to_device</c> (MSC3885): to-device messages come with a <c>next_batch</c> token and are
/// delivered again until a request acknowledges them by sending that token as <c>since</c>.
/// </summary>
[Msc(4186), Msc(3885)]
public sealed class ToDeviceScenarios : SlidingSyncScenario
{
    private const string Type = "com.example.sss_probe";

    /// <summary>
    /// MSC3885 (redelivery until acknowledged): Bob sends Alice's device two messages. Without <c>since</c> they come
    /// twice; with the returned <c>next_batch</c> as <c>since</c> they do not come again.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task To_device_messages_are_redelivered_until_acknowledged_with_since(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        await bob.SendToDeviceAsync(Type, alice.UserId, alice.DeviceId, new JsonObject { ["n"] = 1 }, ct);
        await bob.SendToDeviceAsync(Type, alice.UserId, alice.DeviceId, new JsonObject { ["n"] = 2 }, ct);

        // When
        var first = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithToDevice(), ct: ct);
        var again = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithToDevice(), ct: ct);
        var nextBatch = first.Extension("to_device")?["next_batch"]?.GetValue<string>();
        Assert.That(nextBatch, Is.Not.Null.And.Not.Empty, first.ToString());
        var acknowledged = await alice.Sync.SyncAsync(new SlidingSyncRequest().WithToDevice(since: nextBatch), ct: ct);

        // Then
        Assert.That(Numbers(first), Is.EqualTo(new[] { 1, 2 }), "first delivery: " + first);
        Assert.That(Numbers(again), Is.EqualTo(new[] { 1, 2 }), "unacknowledged, delivered again: " + again);
        Assert.That(Numbers(acknowledged), Is.Empty, "acknowledged with since, still delivered: " + acknowledged);
    }

    /// <summary>
    /// MSC3885 with MSC4186 §Long-polling: a to-device message sent while Alice long-polls with the extension on
    /// comes in a response on her connection, with its sender and type.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_to_device_message_arrives_on_an_open_connection(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var request = new SlidingSyncRequest().WithToDevice();
        var first = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await bob.SendToDeviceAsync(Type, alice.UserId, alice.DeviceId, new JsonObject { ["n"] = 7 }, ct);

        // Then
        var next = await alice.Sync.WaitForAsync(request, first.Pos, "bob's to-device message",
            r => Numbers(r).Contains(7) ? null : "no message 7", Delivery, ct);
        var message = Events(next).First(e => e["content"]?["n"]?.GetValue<int>() == 7);
        Assert.That(message["sender"]?.GetValue<string>(), Is.EqualTo(bob.UserId), next.ToString());
        Assert.That(message["type"]?.GetValue<string>(), Is.EqualTo(Type), next.ToString());
    }

    private static IEnumerable<JsonObject> Events(SlidingSyncResponse r) =>
        r.Extension("to_device")?["events"] is JsonArray events ? events.OfType<JsonObject>() : [];

    private static int[] Numbers(SlidingSyncResponse r) =>
        [.. Events(r).Where(e => e["type"]?.GetValue<string>() == Type).Select(e => e["content"]!["n"]!.GetValue<int>())];
}
