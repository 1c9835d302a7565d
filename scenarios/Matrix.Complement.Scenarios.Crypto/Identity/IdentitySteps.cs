namespace Matrix.Complement.Scenarios.Crypto.Identity;

/// <summary>
/// Steps the identity (TOFU) and device-isolation scenarios share: a cross-signed room, and waiting for a client to
/// see another user's identity in a given trust state (verifying a user by SAS is
/// <see cref="VerificationSteps.VerifyUserAsync"/>).
/// </summary>
public static class IdentitySteps
{
    /// <summary>
    /// Both bootstrap cross-signing; Alice creates an encrypted room named after the test (with
    /// <paramref name="options"/>' rotation settings) and invites Bob, who joins through her server. Returns once
    /// Alice sees Bob joined and knows his device (and so the identity she pins).
    /// </summary>
    public static async Task<string> CrossSignedRoomAsync(IClient alice, IClient bob, CancellationToken ct,
        CreateRoomOptions? options = null)
    {
        await alice.BootstrapCrossSigningAsync(ct);
        await bob.BootstrapCrossSigningAsync(ct);
        var room = await alice.CreateRoomAsync((options ?? new()) with
        {
            Encrypted = true, Invite = [bob.UserId], Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [alice.Homeserver], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);
        await alice.WaitForDeviceAsync(bob.UserId, bob.DeviceId, ct: ct);
        return room;
    }

    /// <summary>Returns once <paramref name="observer"/> reports that <paramref name="other"/>'s identity changed since it was pinned.</summary>
    public static Task<UserVerificationStatus> WaitForIdentityNeedingApprovalAsync(this IClient observer, IClient other,
        CancellationToken ct) =>
        observer.WaitForUserVerificationStatusAsync(other.UserId, s => s.NeedsUserApproval,
            "the identity changed since it was pinned, so it needs the user's approval (needsUserApproval)", ct: ct);

    /// <summary>
    /// Returns once <paramref name="observer"/> reports a verification violation for <paramref name="other"/>: the
    /// identity was verified before and the current one is not.
    /// </summary>
    public static Task<UserVerificationStatus> WaitForVerificationViolationAsync(this IClient observer, IClient other,
        CancellationToken ct) =>
        observer.WaitForUserVerificationStatusAsync(other.UserId, s => s.WasVerified && !s.Verified,
            "a verification violation (previously verified, not verified now)", ct: ct);
}
