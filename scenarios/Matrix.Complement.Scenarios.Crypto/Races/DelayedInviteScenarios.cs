using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.Races;

/// <summary>
/// Alice invites Bob and sends a message straight away, before her own sync has told her client about the
/// invite (her <c>/sync</c> requests are held from before the invite until after the send). The homeserver
/// accepted the invite before the message, and the room's history is shared, so the message is part of what
/// Bob may read: the correct outcome is that Bob, once joined, decrypts it. complement-crypto skips this test
/// when it fails (matrix-rust-sdk#3622, matrix-js-sdk#4291); here it fails, and known failures are in the ledger.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class DelayedInviteScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    [Scenario, Regression("matrix-js-sdk#4291"), IssueLink("https://github.com/matrix-org/matrix-js-sdk/issues/4291"),
     IssueLink("https://github.com/matrix-org/matrix-rust-sdk/issues/3622"), CancelAfter(90_000)]
    public async Task A_message_sent_right_after_an_invite_decrypts_for_the_invitee(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        var server = deployment[kind.Homeserver];
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await alice.CreateRoomAsync(new() { Name = TestContext.CurrentContext.Test.Name }, ct);

        // When
        IReadOnlyList<SentEvent> sent;
        await using (var syncHeld = await deployment.Network.HoldAsync(Sync(kind.Homeserver).ForUsers(alice.UserId), ct: ct))
        {
            await NudgeSyncAsync(server, await server.RegisterUserAsync("nudger", ct), alice, ct); // ends her pending long-poll
            await syncHeld.WaitForHeldAsync(1, Timeouts.Request, ct); // from here on she learns nothing new
            await alice.InviteAsync(room, bob.UserId, ct);
            sent = await alice.SendTextMessagesAsync(room, 1, "right after the invite", ct);
        }
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [alice.Homeserver], ct);
        var after = await alice.SendTextMessagesAsync(room, 1, "after bob joined", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, [.. sent, .. after], ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
