using Matrix.Complement.Scenarios.Auth.Support;

namespace Matrix.Complement.Scenarios.Auth.OAuth;

/// <summary>
/// Replacing a cross-signing identity on a homeserver that delegates auth, against the auth server STAND-IN (not
/// MAS). Alice and Bob logged in through OAuth and set up cross-signing (the first upload needs no user-interactive
/// auth, MSC3967); Alice's client pins Bob's identity. Bob resets his identity: hs1 answers his key upload with the
/// <c>m.oauth</c> stage (MSC4312) pointing at the auth server's account page; Bob approves the reset there in his
/// browser and his client retries. His new master key is uploaded, and Alice's client reports that Bob's identity
/// changed and needs her approval; messages still decrypt both ways.
/// </summary>
[TestFixtureSource(typeof(AuthTarget), nameof(AuthTarget.StandIn))]
[Msc(4312), Msc(3967)]
public sealed class IdentityResetScenarios(AuthTarget target) : AuthScenario(target)
{
    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(240_000)]
    public async Task A_reset_through_the_oauth_stage_makes_peers_ask_for_approval(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        await alice.BootstrapCrossSigningAsync(ct);
        await bob.BootstrapCrossSigningAsync(ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, [bob], ct);
        await alice.WaitForDeviceAsync(bob.UserId, bob.DeviceId, ct: ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "first identity", ct), ct: ct);
        Assert.That((await alice.GetUserVerificationStatusAsync(bob.UserId, ct)).NeedsUserApproval, Is.False,
            $"{alice} should have pinned Bob's first identity without asking");

        // When
        var reset = await bob.ResetIdentityThroughAccountPageAsync(ct);

        // Then
        Assert.That(reset.Stages, Does.Contain("m.oauth"), "hs1 should offer the stable m.oauth stage");
        Assert.That(reset.ApprovalUrl.ToString(), Is.EqualTo(Auth.StandIn!.AccountManagementUri + "?action=org.matrix.cross_signing_reset"),
            "the stage should point at the auth server's account page with the reset action");
        Assert.That(reset.MasterKey, Is.Not.EqualTo(reset.PreviousMasterKey), "Bob's master key should be new");
        await alice.WaitForUserVerificationStatusAsync(bob.UserId, s => s.NeedsUserApproval,
            "Bob's new identity needs Alice's approval", ct: ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "new identity", ct), ct: ct);
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 1, "seen the warning", ct), ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
