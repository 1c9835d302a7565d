using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Calls.Support;

namespace Matrix.Complement.Scenarios.Calls.Hygiene;

/// <summary>
/// The dead-man's switch of a call membership (notes/rtc-auth.md A9, MSC4143 with MSC4140 delayed events): a client
/// schedules its leave on the server before it publishes its join and keeps restarting it; when the client dies, the
/// server sends the leave, and the remaining members rotate their keys (A3).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
[Msc(4143), Msc(4140)]
public sealed class DelayedLeaveScenarios(ClientSpec kind) : CallScenario(kind)
{
    /// <summary>matrix-js-sdk 43's defaults: the delayed leave's delay and how often it is restarted.</summary>
    private static readonly TimeSpan LeaveDelay = TimeSpan.FromSeconds(8), RestartInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bob joins a call with Alice: his delayed leave is scheduled (listed by the server) before his join state event
    /// is sent. Bob's client is then killed: within the delay plus one restart interval the server ends his membership,
    /// Alice sees him gone, and Alice rotates to her next key index.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A9_killing_a_participant_triggers_its_delayed_leave_and_a_rotation(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        var call = Participants(alice, bob);
        var room = await CreateCallRoomAsync(call[0], [alice, bob], ct);
        await call[0].JoinAsync(room, ct: ct);
        await using (var bobsRequests = await deployment.Network.SniffAsync(NetworkRule.ClientServer("hs1").ForUsers(bob.UserId).Request("PUT", $"/_matrix/client/v3/rooms/{{room}}/state/{MatrixRtcParticipant.CallMemberType}/{{key}}")
            .Named("Bob's call membership state sends"), ct: ct))
        {
            await call[1].JoinAsync(room, ct: ct);
            var sends = bobsRequests.Sniffed.Select(f => f.Request.Query.Contains("org.matrix.msc4140.delay", StringComparison.Ordinal)
                ? "delayed" : f.Request.Json is { } body && body.AsObject().Count == 0 ? "leave" : "join").ToList();
            Assert.That(sends.IndexOf("delayed"), Is.GreaterThanOrEqualTo(0).And.LessThan(sends.IndexOf("join")),
                $"Bob's delayed leave should be scheduled before his join is sent; his membership sends were: {string.Join(", ", sends)}");
        }
        var scheduled = await call[1].GetDelayedEventsAsync(deployment["hs1"], ct);
        Assert.That(scheduled.Any(e => e["type"]?.GetValue<string>() == MatrixRtcParticipant.CallMemberType), Is.True,
            $"the server should list Bob's delayed leave: {string.Join(", ", scheduled.Select(e => e.ToJsonString()))}");
        var before = await WaitForCompleteKeysAsync(room, call, ct);

        // When
        await bob.CrashAsync(ct);

        // Then
        await call[0].WaitForMembershipsAsync(room, [alice], RtcTimeouts.DelayedLeave(LeaveDelay, RestartInterval), ct);
        await call[0].WaitForKeyAsync(new RtcKeyMatch
        {
            RoomId = room, Own = true, Index = (before[call[0].Participant].Index + 1) % 256,
        }, ct: ct);
    }
}
