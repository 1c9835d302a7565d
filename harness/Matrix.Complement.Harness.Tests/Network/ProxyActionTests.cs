using System.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// Each proxy action against real Synapse, through raw HTTP. Every test would fail if its action did nothing.
/// Rules are scoped to the test's own users, so these tests may share the servers with other tests.
/// </summary>
[TestFixture, CancelAfter(120_000)]
public sealed class ProxyActionTests : ScenarioTest
{
    private const string WhoAmI = "/_matrix/client/v3/account/whoami";

    [Test]
    public async Task Clients_reach_the_server_through_the_proxy_and_each_flow_is_logged(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);

        // When
        var alice = await hs1.RegisterUserAsync("alice", ct);
        await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct);

        // Then
        Assert.That(hs1.ClientBaseUrl.Host, Is.EqualTo(hs1.ProxyAddress.ToString()));
        Assert.That(hs1.DirectClientBaseUrl.Host, Is.EqualTo(hs1.Address.ToString()));
        var whoami = log.Flows.Single(f => f.Path == WhoAmI);
        Assert.That(whoami, Has.Property(nameof(FlowRecord.Server)).EqualTo("hs1")
            .And.Property(nameof(FlowRecord.User)).EqualTo(alice.UserId)
            .And.Property(nameof(FlowRecord.Status)).EqualTo(200)
            .And.Property(nameof(FlowRecord.Direction)).EqualTo(TrafficDirection.ClientServer));
        Assert.That(whoami.ResponseBytes, Is.GreaterThan(10));
        var register = log.Flows.Single(f => f.Path.StartsWith("/_matrix/client/v3/register", StringComparison.Ordinal));
        Assert.That(register.User, Is.EqualTo(alice.UserId), "the proxy learnt the token's owner from /register");
        Assert.That(register.RequestBytes, Is.GreaterThan(10));
    }

    [Test]
    public async Task Fail_answers_the_first_n_matches_and_then_lets_requests_through(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var bob = await hs1.RegisterUserAsync("bob", ct);

        // When
        await using var fault = await deployment.Network.FailAsync(
            NetworkRule.ClientServer("hs1").Request("GET", WhoAmI).For(alice), times: 2, status: 504, ct);
        var first = Assert.ThrowsAsync<MatrixApiException>(() => hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct));
        var second = Assert.ThrowsAsync<MatrixApiException>(() => hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct));
        var bobMeanwhile = await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, bob, null, ct);
        var third = await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct);

        // Then
        Assert.That(new[] { first!.Status, second!.Status }, Is.All.EqualTo(HttpStatusCode.GatewayTimeout));
        Assert.That(third["user_id"]!.GetValue<string>(), Is.EqualTo(alice.UserId));
        Assert.That(bobMeanwhile["user_id"]!.GetValue<string>(), Is.EqualTo(bob.UserId), "another user's traffic is untouched");
        Assert.That(fault.Matches, Is.EqualTo(2));
        var statuses = log.Flows.Where(f => f.Path == WhoAmI && f.User == alice.UserId).Select(f => f.Status);
        Assert.That(statuses, Is.EqualTo(new[] { 504, 504, 200 }));
        Assert.That(log.Flows.Where(f => f.Status == 504).Select(f => f.Rules), Has.All.Not.Null);
    }

    [Test]
    public async Task Delay_holds_a_matching_request_back_for_its_duration_only(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var bob = await hs1.RegisterUserAsync("bob", ct);
        var latency = TimeSpan.FromMilliseconds(800);

        // When
        await using var fault = await deployment.Network.AddLatencyAsync(
            NetworkRule.ClientServer("hs1").Request("GET", WhoAmI).For(alice), latency, ct);
        var clock = Stopwatch.StartNew();
        await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct);
        var elapsed = clock.Elapsed;
        await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, bob, null, ct);

        // Then
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(latency));
        Assert.That(fault.Matches, Is.EqualTo(1));
        var bobs = log.Flows.Single(f => f.Path == WhoAmI && f.User == bob.UserId);
        Assert.That(bobs.Rules, Is.Null, "bob's request matched no rule");
        Assert.That(bobs.DurationMs, Is.LessThan(latency.TotalMilliseconds));
    }

    [Test]
    public async Task A_held_send_to_device_is_delivered_only_once_released(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var bob = await hs1.RegisterUserAsync("bob", ct);
        var since = (await hs1.Api.SyncAsync(bob, null, 0, ct))["next_batch"]!.GetValue<string>();
        var marker = "held-" + Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["messages"] = new JsonObject { [bob.UserId] = new JsonObject { [bob.DeviceId] = new JsonObject { ["marker"] = marker } } },
        };

        // When
        await using var hold = await deployment.Network.HoldAsync(
            NetworkRule.ClientServer("hs1").Request("PUT", "/_matrix/client/v3/sendToDevice/{type}/{txn}").For(alice), ct: ct);
        var send = hs1.Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/sendToDevice/m.mc.test/{marker}", alice, body, ct);
        await hold.WaitForHeldAsync(1, Timeouts.Request, ct);
        var whileHeld = await hs1.Api.SyncAsync(bob, since, 0, ct);

        // Then
        Assert.That(send.IsCompleted, Is.False, "the sender is still waiting");
        Assert.That(ToDeviceMarkers(whileHeld), Does.Not.Contain(marker), "not delivered while held");
        hold.Release();
        await send.WaitAsync(Timeouts.Request, ct);
        await Eventually.SatisfiesAsync($"{bob.UserId} receives the released to-device message", Timeouts.MessageDelivery,
            c => hs1.Api.SyncAsync(bob, since, 5_000, c),
            sync => ToDeviceMarkers(sync).Contains(marker) ? null : "no such to-device event yet", ct);
    }

    [Test]
    public async Task Json_responses_can_be_transformed_or_replaced(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var rule = NetworkRule.ClientServer("hs1").Request("GET", WhoAmI).For(alice);

        // When
        JsonObject transformed;
        await using (await deployment.Network.InterceptAsync(rule, FaultAction.TransformJson(j =>
                     {
                         j!["device_id"] = "SPOOFED";
                         return j;
                     }), ct))
        {
            transformed = await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct);
        }
        await using (await deployment.Network.InterceptAsync(rule,
                         FaultAction.ReplaceJson(new JsonObject { ["errcode"] = "M_UNKNOWN_TOKEN", ["error"] = "replaced" }, 401), ct))
        {
            var e = Assert.ThrowsAsync<MatrixApiException>(() => hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct));
            Assert.That(e!.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(e.ErrorCode, Is.EqualTo("M_UNKNOWN_TOKEN"));
        }
        var after = await hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct);

        // Then
        Assert.That(transformed["device_id"]!.GetValue<string>(), Is.EqualTo("SPOOFED"));
        Assert.That(transformed["user_id"]!.GetValue<string>(), Is.EqualTo(alice.UserId), "the rest of the body is the server's");
        Assert.That(after["device_id"]!.GetValue<string>(), Is.EqualTo(alice.DeviceId), "scopes undo themselves");
    }

    [Test]
    public async Task Drop_cuts_the_connection_before_or_after_the_server_acts(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var room = await hs1.Api.CreateRoomAsync(alice, new JsonObject { ["preset"] = "private_chat" }, ct);
        var marker = "dropped-after-" + Guid.NewGuid().ToString("N");

        // When
        await using (await deployment.Network.InterceptAsync(
                         NetworkRule.ClientServer("hs1").Request("GET", WhoAmI).For(alice), FaultAction.Drop(), ct))
        {
            Assert.ThrowsAsync<HttpRequestException>(() => hs1.Api.SendAsync(HttpMethod.Get, WhoAmI, alice, null, ct));
        }
        await using (await deployment.Network.InterceptAsync(
                         NetworkRule.ClientServer("hs1").Request("PUT", "/_matrix/client/v3/rooms/{room}/send/{type}/{txn}").For(alice),
                         FaultAction.Drop(FaultPoint.Response).Times(1), ct))
        {
            Assert.ThrowsAsync<HttpRequestException>(() => hs1.Api.SendTextAsync(alice, room, marker, ct));
        }

        // Then
        var messages = await hs1.Api.SendAsync(HttpMethod.Get,
            $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/messages?dir=b&limit=10", alice, null, ct);
        Assert.That(messages["chunk"]!.AsArray().Select(e => e?["content"]?["body"]?.GetValue<string>()), Does.Contain(marker),
            "a response-side drop happens after the server stored the event");
        var dropped = log.Flows.Where(f => f.Error is not null).ToList();
        Assert.That(dropped.Select(f => f.Error),
            Is.EquivalentTo(new[] { "dropped before forwarding", "dropped after the server answered 200" }));
        Assert.That(dropped.Select(f => f.Status), Is.All.Zero, "the client got no status");
    }

    [Test]
    public async Task Sniff_records_request_and_response_and_calls_back(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var room = await hs1.Api.CreateRoomAsync(alice, new JsonObject { ["preset"] = "private_chat" }, ct);
        var marker = "sniffed-" + Guid.NewGuid().ToString("N");
        var called = new TaskCompletionSource<SniffedFlow>(TaskCreationOptions.RunContinuationsAsynchronously);

        // When
        await using var sniff = await deployment.Network.SniffAsync(
            NetworkRule.ClientServer("hs1").Request("PUT", "/_matrix/client/v3/rooms/{room}/send/{type}/{txn}").For(alice),
            flow => called.TrySetResult(flow), ct);
        var eventId = await hs1.Api.SendTextAsync(alice, room, marker, ct);

        // Then
        var flows = await sniff.WaitForSniffedAsync(1, Timeouts.Request, ct);
        Assert.That(flows[0].Request.Json?["body"]?.GetValue<string>(), Is.EqualTo(marker));
        Assert.That(flows[0].Status, Is.EqualTo(200));
        Assert.That(flows[0].ResponseJson?["event_id"]?.GetValue<string>(), Is.EqualTo(eventId));
        var callback = await called.Task.WaitAsync(Timeouts.Request, ct);
        Assert.That(callback.Request.UserId, Is.EqualTo(alice.UserId));
        Assert.That(log.Flows.Single(f => f.Rules is not null).RequestBody, Does.Contain(marker), "sniffed bodies are logged");
    }

    private static List<string> ToDeviceMarkers(JsonObject sync) =>
        sync["to_device"]?["events"]?.AsArray().Select(e => e?["content"]?["marker"]?.GetValue<string>())
            .OfType<string>().ToList() ?? [];
}
