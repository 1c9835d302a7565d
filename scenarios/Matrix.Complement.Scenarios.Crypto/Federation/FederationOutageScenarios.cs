using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.Federation;

/// <summary>
/// Alice and Charlie are on hs1, Bob on hs2, all in one encrypted room. hs2 is frozen (its container paused: requests
/// to it hang) while Charlie sends, then thaws. What Bob can decrypt afterwards depends on what Charlie's client
/// already knew about Bob's device: nothing (a new user), or an Olm session from another room.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
[NonParallelizable] // pauses hs2 of the shared deployment
public sealed class FederationOutageScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind.On("hs2")))
{
    /// <summary>
    /// Charlie joins while hs2 is down, so his client cannot download Bob's device list and encrypts his first message
    /// without Bob's device. After recovery his client must fetch Bob's devices again and, once its own and the
    /// server's retry back-off allow, reach Bob: a message he sends then must decrypt for Bob (probes are sent until one
    /// does). The first one stays a UTD with a definite cause: the session reached Bob only from a later message index
    /// (OLM_UNKNOWN_MESSAGE_INDEX) — no client re-shares an index it has moved past.
    /// </summary>
    [Scenario, Regression("matrix-rust-sdk#2864"), Spec("client-server-api/#post_matrixclientv3keysquery"), CancelAfter(180_000)]
    public async Task A_new_user_encrypts_for_a_server_that_was_down_once_it_is_back(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await using var charlie = await LoginAsync("charlie", Clients.Alice, ct);

        // When
        IReadOnlyList<SentEvent> whileDown;
        await using (await deployment.Network.PauseAsync("hs2", ct))
        {
            await alice.InviteAsync(room, charlie.UserId, ct);
            await charlie.JoinAsync(room, [alice.Homeserver], ct);
            whileDown = await charlie.SendTextMessagesAsync(room, 1, "while hs2 is down", ct);
        }
        var nudger = await deployment["hs1"].RegisterUserAsync("nudger", ct);
        await WaitForDeviceWithNudgesAsync(deployment["hs1"], nudger, charlie, bob.UserId, bob.DeviceId, Timeouts.FederationRecovery, ct);
        var (after, lost) = await SendUntilDecryptedAsync(charlie, bob, room, "after hs2 is back", Timeouts.FederationRecovery, ct);

        // Then
        TestContext.Out.WriteLine($"{lost.Count} message(s) after recovery did not decrypt before one did");
        await alice.WaitForDecryptedAsync(room, [.. whileDown, .. lost, after], ct: ct);
        var first = await bob.WaitForEventAsync(room, e => e.EventId == whileDown[0].EventId && e.IsUnableToDecrypt,
            $"{whileDown[0].EventId} is a UTD", ct: ct);
        Assert.That(first.FailureCode, Is.EqualTo(DecryptionFailureCode.OlmUnknownMessageIndex), $"{bob} sees {first}");
        await bob.MustHaveNoUnexpectedUtdsAsync(room, [whileDown[0].EventId, .. lost.Select(l => l.EventId)], ct);
    }

    /// <summary>
    /// Charlie already has an Olm session with Bob's device (from another room), so while hs2 is down his client can
    /// encrypt the room key for Bob at once; the homeserver queues it. Olm sessions are per device, not per room:
    /// after recovery Bob must decrypt the message sent during the outage.
    /// </summary>
    [Scenario, Spec("server-server-api/#send-to-device-messaging"), CancelAfter(150_000)]
    public async Task A_message_sent_during_an_outage_over_an_existing_olm_session_decrypts_after_recovery(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        await using var charlie = await LoginAsync("charlie", Clients.Alice, ct);
        var other = await CreateSharedEncryptedRoomAsync(charlie, bob, ct);
        await bob.WaitForDecryptedAsync(other, await charlie.SendTextMessagesAsync(other, 1, "olm session", ct), ct: ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await alice.InviteAsync(room, charlie.UserId, ct);
        await charlie.JoinAsync(room, [alice.Homeserver], ct);
        await bob.WaitForMembershipAsync(room, charlie.UserId, Membership.Join, ct: ct);

        // When
        IReadOnlyList<SentEvent> whileDown;
        await using (await deployment.Network.PauseAsync("hs2", ct))
        {
            whileDown = await charlie.SendTextMessagesAsync(room, 2, "while hs2 is down", ct);
        }

        // Then
        await bob.WaitForDecryptedAsync(room, whileDown, Timeouts.FederationRecovery, ct);
        await alice.WaitForDecryptedAsync(room, whileDown, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
