using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.CrashConsistency;

/// <summary>
/// Room keys arrive as to-device messages in <c>/sync</c>. Alice rotates her room key on every message, so each of
/// her messages sends Bob a new key; Bob's client crashes while a sync carrying such keys is in flight. After a
/// restart from its storage, Bob must decrypt every message: a sync token must never be stored ahead of the
/// to-device messages it acknowledged (element-web#23113).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class ToDeviceCrashScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    /// <summary>The sync response with the keys is held at the proxy while Bob crashes, then let go to nobody.</summary>
    [Scenario, Regression("element-web#23113"), Spec("client-server-api/#send-to-device-messaging"), CancelAfter(120_000)]
    public async Task Room_keys_in_a_sync_held_over_a_crash_are_not_lost(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateRotatingRoomAsync(alice, bob, ct);

        // When
        IReadOnlyList<SentEvent> sent;
        await using (var syncHeld = await network.HoldAsync(Sync(kind.Homeserver).ForUsers(bob.UserId), FaultPoint.Response, ct))
        {
            sent = await alice.SendTextMessagesAsync(room, 10, "one key each", ct);
            await syncHeld.WaitForHeldAsync(1, Timeouts.MessageDelivery, ct);
            await bob.CrashAsync(ct);
        }
        await bob.StartAsync(ct);

        // Then
        await bob.WaitForDecryptedAsync(room, sent, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// The sync response with the keys reaches Bob's client, which crashes as soon as the proxy has delivered it —
    /// while it is processing the keys, or just after. Whichever it was, nothing may be lost.
    /// </summary>
    [Scenario, Regression("element-web#23113"), Spec("client-server-api/#send-to-device-messaging"), CancelAfter(120_000)]
    public async Task Room_keys_delivered_just_before_a_crash_are_not_lost(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateRotatingRoomAsync(alice, bob, ct);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // When
        await using var syncs = await network.SniffAsync(Sync(kind.Homeserver).ForUsers(bob.UserId), flow =>
        {
            if (flow.ResponseBody?.Contains("\"m.room.encrypted\"", StringComparison.Ordinal) == true &&
                flow.ResponseJson?["to_device"]?["events"]?.AsArray().Count > 0) delivered.TrySetResult();
        }, ct);
        // The sniff sees requests made from now on: Bob's sync already waiting at the server is ended by an invite
        // to another room, so the one that carries the keys is seen.
        var other = await alice.CreateRoomAsync(new() { Invite = [bob.UserId] }, ct);
        await bob.WaitForMembershipAsync(other, bob.UserId, Membership.Invite, ct: ct);
        var sending = alice.SendTextMessagesAsync(room, 10, "one key each", ct);
        await delivered.Task.WaitAsync(Timeouts.MessageDelivery, ct);
        await bob.CrashAsync(ct);
        var sent = await sending;
        await bob.StartAsync(ct);

        // Then
        await bob.WaitForDecryptedAsync(room, sent, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    private static async Task<string> CreateRotatingRoomAsync(IClient alice, IClient bob, CancellationToken ct)
    {
        var room = await alice.CreateRoomAsync(new()
        {
            Invite = [bob.UserId], RotationPeriodMessages = 1, Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [alice.Homeserver], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);
        return room;
    }
}
