using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.Identity;

/// <summary>
/// Trust on first use of cross-signing identities. Alice's client pins the first identity it sees for Bob. When Bob
/// replaces his identity (a new master key, as after losing his recovery key), Alice's client must report that Bob
/// needs her approval until she pins the new identity; if she had verified Bob, it must report a verification
/// violation (in his status and on his new messages' shields) until she withdraws the requirement. Her other device
/// agrees, the warning survives a restart, and Bob merely adding a device reports nothing. Every message decrypts.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class IdentityChangeScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(60_000)]
    public async Task A_reset_identity_needs_approval_until_pinned(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "first identity", ct), ct: ct);
        Assert.That((await alice.GetUserVerificationStatusAsync(bob.UserId, ct)).NeedsUserApproval, Is.False,
            $"{alice} should have pinned Bob's first identity without asking");

        // When
        await bob.ResetCrossSigningIdentityAsync(ct);

        // Then
        await alice.WaitForIdentityNeedingApprovalAsync(bob, ct);
        await alice.WaitForTrustChangeAsync(bob.UserId, c => c.Status.NeedsUserApproval,
            "UserTrustStatusChanged saying Bob's new identity needs approval", ct: ct);
        await alice.PinIdentityAsync(bob.UserId, ct);
        Assert.That((await alice.GetUserVerificationStatusAsync(bob.UserId, ct)).NeedsUserApproval, Is.False,
            $"{alice} should no longer ask for approval once the new identity is pinned");
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "new identity", ct), ct: ct);
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 1, "pinned", ct), ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(90_000)]
    public async Task Alices_other_device_agrees_and_the_warning_survives_a_restart(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await using var alice2 = await LoginNewDeviceAsync(alice, ct);
        await alice2.WaitForDeviceAsync(bob.UserId, bob.DeviceId, ct: ct);
        var before = await bob.SendTextMessagesAsync(room, 1, "first identity", ct);
        await alice.WaitForDecryptedAsync(room, before, ct: ct);
        await alice2.WaitForDecryptedAsync(room, before, ct: ct);

        // When
        await bob.ResetCrossSigningIdentityAsync(ct);
        await alice.WaitForIdentityNeedingApprovalAsync(bob, ct);
        await alice.RestartAsync(ct);

        // Then
        Assert.That((await alice.GetUserVerificationStatusAsync(bob.UserId, ct)).NeedsUserApproval, Is.True,
            $"{alice} should still ask for approval of Bob's new identity after a restart");
        await alice2.WaitForIdentityNeedingApprovalAsync(bob, ct);
        var after = await bob.SendTextMessagesAsync(room, 1, "new identity", ct);
        await alice.WaitForDecryptedAsync(room, after, ct: ct);
        await alice2.WaitForDecryptedAsync(room, after, ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(60_000)]
    public async Task Bob_adding_a_device_reports_nothing(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await alice.WaitForDecryptedAsync(room, await bob.SendTextMessagesAsync(room, 1, "first device", ct), ct: ct);

        // When
        await using var bob2 = await LoginNewDeviceAsync(bob, ct);
        await bob.CrossSignOwnDeviceAsync(bob2.DeviceId, ct);
        await alice.WaitForDeviceVerificationStatusAsync(bob.UserId, bob2.DeviceId, d => d.SignedByOwner,
            "signed by Bob's identity", ct: ct);
        var fromNewDevice = await bob2.SendTextMessagesAsync(room, 1, "second device", ct);

        // Then
        await alice.WaitForDecryptedAsync(room, fromNewDevice, ct: ct);
        Assert.That(await alice.GetUserVerificationStatusAsync(bob.UserId, ct),
            Is.EqualTo(new UserVerificationStatus(false, false, false)), $"{alice}'s view of Bob after he added a device");
        Assert.That(await alice.GetTrustChangesAsync(bob.UserId, ct), Has.None.Matches<UserTrustChange>(c => c.Status.NeedsUserApproval),
            $"{alice} should never have asked for approval of Bob");
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(90_000)]
    public async Task A_verified_users_reset_is_a_violation_until_the_requirement_is_withdrawn(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct, Clients.Alice.SyncMode);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct, Clients.Bob.SyncMode);
        Require.Feature(ClientFeature.CrossSigning, alice, bob);
        Require.Feature(ClientFeature.IdentityTrust, alice);
        Require.Feature(ClientFeature.Verification, alice, bob);
        Require.Feature(ClientFeature.EventShields, alice);
        var room = await IdentitySteps.CrossSignedRoomAsync(alice, bob, ct);
        await alice.VerifyUserAsync(bob, ct);

        // When
        await bob.ResetCrossSigningIdentityAsync(ct);
        await alice.WaitForVerificationViolationAsync(bob, ct);
        var afterReset = await bob.SendTextAsync(room, "after the reset", ct);

        // Then
        await alice.WaitForDecryptedAsync(room, [afterReset], ct: ct);
        Assert.That(await alice.GetEventShieldAsync(room, afterReset.EventId, ct),
            Is.EqualTo(new EventShield(ShieldColour.Red, ShieldReason.VerificationViolation)), "shield of Bob's message after his reset");
        await alice.WithdrawVerificationRequirementAsync(bob.UserId, ct);
        Assert.That(await alice.GetUserVerificationStatusAsync(bob.UserId, ct),
            Is.EqualTo(new UserVerificationStatus(false, false, false)), $"{alice}'s view of Bob after withdrawing the requirement");
        // The shield is recomputed from the identity's new state, which the SDK may settle after the call returns.
        var cleared = new EventShield(ShieldColour.None, null);
        await Eventually.SatisfiesAsync($"the shield of Bob's message on {alice} is {cleared} after withdrawing the requirement",
            Timeouts.MessageDelivery, c => alice.GetEventShieldAsync(room, afterReset.EventId, c),
            shield => shield == cleared ? null : $"still {shield}", ct);
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 1, "withdrawn", ct), ct: ct);
    }

}
