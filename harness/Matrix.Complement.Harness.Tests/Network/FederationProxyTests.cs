using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;
using NUnit.Framework;
using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// Federation routed through the proxy: hs1 reaches hs2 through the proxy's TLS endpoint for hs2 (a certificate
/// for <c>hs2</c> from the run CA), and a partition cuts and then restores delivery.
/// </summary>
[TestFixture, CancelAfter(180_000)]
public sealed class FederationProxyTests : ScenarioTest
{
    [Test]
    public async Task Federation_between_servers_passes_through_the_proxy(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);

        // When
        var (alice, bob, room) = await SharedRoomAsync(deployment, ct);
        var marker = "federated-" + Guid.NewGuid().ToString("N");
        await deployment["hs1"].Api.SendTextAsync(alice, room, marker, ct);
        await WaitForMessageAsync(deployment["hs2"].Api, bob, room, marker, Timeouts.MessageDelivery, ct);

        // Then
        Assert.That(deployment.FederationHostMap["hs2"], Is.EqualTo(deployment["hs2"].ProxyAddress));
        var federation = log.Flows.Where(f => f.Direction == TrafficDirection.Federation).ToList();
        Assert.That(federation.Where(f => f.Server == "hs2" && f.Origin == "hs1" && f.Path.StartsWith("/_matrix/federation/v1/send/",
            StringComparison.Ordinal)).Select(f => f.Status), Has.Some.EqualTo(200), "hs1 -> hs2 transactions went through the proxy");
        Assert.That(federation.Where(f => f.Server == "hs1" && f.Origin == "hs2"), Is.Not.Empty, "hs2 -> hs1 requests went through the proxy");
    }

    [Test, NonParallelizable] // partitions the servers every test shares
    public async Task A_partition_stops_delivery_and_healing_it_resumes_delivery(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        await using var log = deployment.Network.OpenTrafficLog(Artefacts);
        var (alice, bob, room) = await SharedRoomAsync(deployment, ct);
        var hs2 = deployment["hs2"].Api;
        var since = (await hs2.SyncAsync(bob, null, 0, ct))["next_batch"]!.GetValue<string>();
        var marker = "partitioned-" + Guid.NewGuid().ToString("N");

        // When
        await using (var partition = await deployment.Network.PartitionAsync("hs1", "hs2", ct))
        {
            await deployment["hs1"].Api.SendTextAsync(alice, room, marker, ct);
            await partition.WaitForMatchesAsync(1, Timeouts.MessageDelivery, ct); // hs1 tried to send to hs2 and was cut off
            var during = await hs2.SyncAsync(bob, since, 0, ct);

            // Then (during)
            Assert.That(TimelineBodies(during, room), Does.Not.Contain(marker), "not delivered during the partition");
        }

        // Then (after)
        await WaitForMessageAsync(hs2, bob, room, marker, Timeouts.FederationRecovery, ct);
        Assert.That(log.Flows.Where(f => f.Rules?.Any(r => r.StartsWith("partition hs1 -> hs2", StringComparison.Ordinal)) == true),
            Is.Not.Empty, "the partition is visible in the flow log");
    }

    private static async Task<(MatrixSession Alice, MatrixSession Bob, string Room)> SharedRoomAsync(
        HarnessDeployment deployment, CancellationToken ct)
    {
        var alice = await deployment["hs1"].RegisterUserAsync("alice", ct);
        var bob = await deployment["hs2"].RegisterUserAsync("bob", ct);
        var room = await deployment["hs1"].Api.CreateRoomAsync(alice, new JsonObject
        {
            ["preset"] = "private_chat",
            ["invite"] = new JsonArray(bob.UserId),
        }, ct);
        await Eventually.SatisfiesAsync($"{bob.UserId} joined {room} over federation", Timeouts.MessageDelivery, async c =>
        {
            await deployment["hs2"].Api.JoinAsync(bob, room, ["hs1"], c);
            return true;
        }, _ => null, ct, TimeSpan.FromMilliseconds(500));
        return (alice, bob, room);
    }

    private static Task WaitForMessageAsync(ClientServerApi api, MatrixSession who, string room, string body, TimeSpan timeout,
        CancellationToken ct) =>
        Eventually.SatisfiesAsync($"{who.UserId} sees '{body}' in {room}", timeout,
            c => api.SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/messages?dir=b&limit=20", who, null, c),
            messages => messages["chunk"]!.AsArray().Any(e => e?["content"]?["body"]?.GetValue<string>() == body)
                ? null : "not in the latest 20 events", ct, TimeSpan.FromMilliseconds(250));

    private static List<string> TimelineBodies(JsonObject sync, string room) =>
        sync["rooms"]?["join"]?[room]?["timeline"]?["events"]?.AsArray()
            .Select(e => e?["content"]?["body"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
}
