using Matrix.Complement.Harness.Http;
using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.ToDevice;

/// <summary>
/// How room keys travel as to-device messages: batched into one request for many recipients, not lost when a
/// device-list download fails, and processed in order when many arrive at once.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class ToDeviceDeliveryScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    /// <summary>
    /// Alice shares a room with Bob and 20 raw users, each with one device and signed keys. Her first message must
    /// carry the room key to all of them in a single <c>PUT /sendToDevice</c> (element-web#24680 sent one request
    /// per device). 20 rather than complement-crypto's 100: one request per user or device would already show as 20
    /// requests, matrix-rust-sdk batches up to 250 messages per request, and 100 users cost set-up time on 2 cores.
    /// </summary>
    [Scenario, Regression("element-web#24680"), CancelAfter(120_000)]
    public async Task Room_keys_for_many_devices_are_sent_in_one_batch(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        var server = deployment[kind.Homeserver];
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var others = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => RegisterDeviceWithKeysAsync(server, $"member{i}", 2, ct)));
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        foreach (var member in others) await alice.InviteAsync(room, member.UserId, ct);
        foreach (var member in others) await server.Api.JoinAsync(member, room, ct: ct);
        foreach (var member in others) await alice.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);

        // When
        await using var sends = await deployment.Network.SniffAsync(SendToDevice(kind.Homeserver).ForUsers(alice.UserId), ct: ct);
        var sent = await alice.SendTextMessagesAsync(room, 1, "to everyone at once", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, sent, ct: ct);
        var recipients = sends.Sniffed.Where(f => f.Request.Path.Contains("/m.room.encrypted/", StringComparison.Ordinal))
            .Select(f => f.Request.Json?["messages"]?.AsObject().Select(m => m.Key).ToHashSet() ?? []).ToList();
        Assert.That(recipients, Has.Some.Matches<HashSet<string>>(r => others.All(o => r.Contains(o.UserId)) && r.Contains(bob.UserId)),
            $"one PUT /sendToDevice should address bob and all {others.Length} members; requests addressed: " +
            string.Join("; ", recipients.Select(r => r.Count + " users")));
    }

    /// <summary>
    /// Alice logs in a new device whose first three <c>/keys/query</c> requests for Bob fail. Messages it sends
    /// once the download succeeded must still carry the key to Bob: Bob decrypts (element-web#24682).
    /// </summary>
    [Scenario, Regression("element-web#24682"), CancelAfter(120_000)]
    public async Task Room_keys_are_not_lost_when_a_device_list_download_fails(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        await using var failing = await network.FailAsync(KeyQueriesFor(kind.Homeserver, bob.UserId).ForUsers(alice.UserId), times: 3, status: 504, ct);
        await using var aliceNew = await LoginNewDeviceAsync(alice, ct);
        var sent = await aliceNew.SendTextMessagesAsync(room, 2, "from the new device", ct);

        // Then
        Assert.That(failing.Matches, Is.EqualTo(3), $"{aliceNew}'s first downloads of {bob.UserId}'s devices should have failed");
        await bob.WaitForDecryptedAsync(room, sent, AfterRetries(3), ct);
        await alice.WaitForDecryptedAsync(room, sent, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// Alice's sync is held while Bob and Charlie each send 10 messages with a new room key every message, so 20
    /// keys and 20 messages reach her at once when it is released. She must decrypt all of them (element-web#25723).
    /// </summary>
    [Scenario, Regression("element-web#25723"), CancelAfter(120_000)]
    public async Task A_burst_of_room_keys_is_processed_in_order(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        await using var charlie = await LoginAsync("charlie", kind, ct);
        var room = await alice.CreateRoomAsync(new()
        {
            Invite = [bob.UserId, charlie.UserId], RotationPeriodMessages = 1, Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        foreach (var member in new[] { bob, charlie })
        {
            await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
            await member.JoinAsync(room, [alice.Homeserver], ct);
            await alice.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
        }
        await bob.WaitForMembershipAsync(room, charlie.UserId, Membership.Join, ct: ct);
        await charlie.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);

        // When
        IReadOnlyList<SentEvent>[] sent;
        await using (await network.HoldAsync(Sync(kind.Homeserver).ForUsers(alice.UserId), ct: ct))
        {
            sent = await Task.WhenAll(bob.SendTextMessagesAsync(room, 10, "burst", ct), charlie.SendTextMessagesAsync(room, 10, "burst", ct));
        }

        // Then
        await alice.WaitForEventAsync(room, e => e.EventId == sent[0][^1].EventId, "the burst reached alice", ct: ct);
        await alice.BackPaginateAsync(room, 50, ct); // the released sync is a limited one: fetch the gap
        await alice.WaitForDecryptedAsync(room, [.. sent[0], .. sent[1]], ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
