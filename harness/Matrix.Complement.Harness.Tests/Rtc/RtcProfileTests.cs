using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Deployment.Profiles;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Rtc;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;
using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// The MatrixRTC homeserver profile (issue 9 item 1): one server started with <see cref="RtcProfile"/> advertises
/// delayed and sticky events, serves the configured LiveKit transport, and runs MSC4140 delayed state events
/// (sent after their delay, cancelled, restarted, sent on demand). Checked over raw HTTP, no SDK.
/// </summary>
[Category("Docker"), Msc(4140), Msc(4143), Msc(4354)]
public sealed class RtcProfileTests
{
    private static readonly Uri TransportUrl = new("http://127.0.0.1:8089/livekit/jwt");
    private const string MemberType = "org.matrix.msc3401.call.member";
    private HarnessDeployment? _deployment;

    private HomeserverHandle Hs => _deployment!["hs1"];

    private MatrixRtcApi Rtc => new(Hs.DirectApi);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var cts = new CancellationTokenSource(Timeouts.ContainerStart * 2);
        _deployment = await HarnessDeployment.StartAsync(new DeploymentOptions
        {
            Homeservers = 1,
            ConfigOverlays = RtcProfile.Overlays(TransportUrl, "hs1"),
        }, cts.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_deployment is not null) await _deployment.DisposeAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task Versions_advertise_delayed_and_sticky_events(CancellationToken ct)
    {
        var features = await Rtc.GetUnstableFeaturesAsync(ct);

        Assert.That(features, Does.Contain("org.matrix.msc4140").And.Contain("org.matrix.msc4354"),
            $"/versions unstable_features switched on: {string.Join(", ", features.Order())}");
    }

    [Test, CancelAfter(60_000)]
    public async Task The_transports_endpoint_returns_the_configured_livekit_transport(CancellationToken ct)
    {
        var alice = await Hs.RegisterUserAsync("alice", ct);

        var transports = await Rtc.GetTransportsAsync(alice, ct);

        Assert.That(transports, Has.Count.EqualTo(1), "one transport configured");
        Assert.That(transports[0]["type"]?.GetValue<string>(), Is.EqualTo("livekit"));
        Assert.That(transports[0]["livekit_service_url"]?.GetValue<string>(), Is.EqualTo(TransportUrl.ToString().TrimEnd('/')));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_delayed_state_event_is_sent_by_the_server_after_its_delay(CancellationToken ct)
    {
        // Given
        var alice = await Hs.RegisterUserAsync("alice", ct);
        var room = await Hs.DirectApi.CreateRoomAsync(alice, new JsonObject { ["name"] = TestContext.CurrentContext.Test.Name }, ct);
        var stateKey = $"_{alice.UserId}_{alice.DeviceId}_m.call";
        var delay = TimeSpan.FromSeconds(2);

        // When
        var scheduled = DateTime.UtcNow;
        var delayId = await Rtc.SendDelayedStateAsync(alice, room, MemberType, stateKey, new JsonObject(), delay, ct);

        // Then: listed and not yet sent, then sent by the server on its own
        var listed = await Rtc.GetDelayedEventsAsync(alice, ct);
        Assert.That(listed.Select(e => e["delay_id"]?.GetValue<string>()), Does.Contain(delayId));
        Assert.That(await Rtc.TryGetStateAsync(alice, room, MemberType, stateKey, ct), Is.Null, "not sent before its delay");
        await Eventually.SatisfiesAsync($"{MemberType} {stateKey} is in the room state", delay + Timeouts.MessageDelivery,
            c => Rtc.TryGetStateAsync(alice, room, MemberType, stateKey, c), s => s is null ? "state not set" : null, ct);
        Assert.That(DateTime.UtcNow - scheduled, Is.GreaterThanOrEqualTo(delay - TimeSpan.FromMilliseconds(100)),
            "sent no earlier than its delay");
        Assert.That((await Rtc.GetDelayedEventsAsync(alice, ct)).Select(e => e["delay_id"]?.GetValue<string>()),
            Does.Not.Contain(delayId), "gone from the list once sent");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_cancelled_delayed_event_is_never_sent(CancellationToken ct)
    {
        // Given
        var alice = await Hs.RegisterUserAsync("alice", ct);
        var room = await Hs.DirectApi.CreateRoomAsync(alice, new JsonObject { ["name"] = TestContext.CurrentContext.Test.Name }, ct);
        var delay = TimeSpan.FromSeconds(2);
        var cancelledId = await Rtc.SendDelayedStateAsync(alice, room, MemberType, "cancelled", new JsonObject(), delay, ct);

        // When
        await Rtc.UpdateDelayedEventAsync(alice, cancelledId, DelayedEventAction.Cancel, ct);
        // a later event with the same delay is due after the cancelled one would have been
        await Rtc.SendDelayedStateAsync(alice, room, MemberType, "witness", new JsonObject(), delay, ct);

        // Then
        await Eventually.SatisfiesAsync("the witness event is in the room state", delay + Timeouts.MessageDelivery,
            c => Rtc.TryGetStateAsync(alice, room, MemberType, "witness", c), s => s is null ? "state not set" : null, ct);
        Assert.That(await Rtc.TryGetStateAsync(alice, room, MemberType, "cancelled", ct), Is.Null, "the cancelled event was sent");
        var e = Assert.ThrowsAsync<MatrixApiException>(() => Rtc.UpdateDelayedEventAsync(alice, cancelledId, DelayedEventAction.Send, ct))!;
        Assert.That(e.Status, Is.EqualTo(HttpStatusCode.NotFound), "a cancelled delay id is unknown");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_restarted_delayed_event_outlives_its_first_deadline_and_send_delivers_it_at_once(CancellationToken ct)
    {
        // Given: a keep-alive event and a witness with the same delay, scheduled just after it
        var alice = await Hs.RegisterUserAsync("alice", ct);
        var room = await Hs.DirectApi.CreateRoomAsync(alice, new JsonObject { ["name"] = TestContext.CurrentContext.Test.Name }, ct);
        var delay = TimeSpan.FromSeconds(3);
        var keptId = await Rtc.SendDelayedStateAsync(alice, room, MemberType, "kept-alive", new JsonObject(), delay, ct);
        var firstRunningSince = RunningSince(await Rtc.GetDelayedEventsAsync(alice, ct), keptId);
        await Rtc.SendDelayedStateAsync(alice, room, MemberType, "witness", new JsonObject(), delay, ct);

        // When: restarted (the dead-man's switch) every 500 ms until the witness is sent, i.e. past the first deadline
        await Eventually.SatisfiesAsync("the witness event is in the room state", delay + Timeouts.MessageDelivery,
            async c =>
            {
                await Rtc.UpdateDelayedEventAsync(alice, keptId, DelayedEventAction.Restart, c);
                return await Rtc.TryGetStateAsync(alice, room, MemberType, "witness", c);
            }, s => s is null ? "state not set" : null, ct, TimeSpan.FromMilliseconds(500));

        // Then: still scheduled with a later start and not sent; `send` delivers it at once
        Assert.That(await Rtc.TryGetStateAsync(alice, room, MemberType, "kept-alive", ct), Is.Null,
            "sent although restarted before every deadline");
        Assert.That(RunningSince(await Rtc.GetDelayedEventsAsync(alice, ct), keptId), Is.GreaterThan(firstRunningSince),
            "running_since moves with each restart");
        await Rtc.UpdateDelayedEventAsync(alice, keptId, DelayedEventAction.Send, ct);
        Assert.That(await Rtc.TryGetStateAsync(alice, room, MemberType, "kept-alive", ct), Is.Not.Null, "`send` delivers at once");
    }

    private static long RunningSince(IReadOnlyList<JsonObject> events, string delayId) =>
        events.FirstOrDefault(e => e["delay_id"]?.GetValue<string>() == delayId)?["running_since"]?.GetValue<long>()
        ?? throw new InvalidOperationException($"delay id {delayId} not listed: {string.Join(", ", events.Select(e => e.ToJsonString()))}");
}
