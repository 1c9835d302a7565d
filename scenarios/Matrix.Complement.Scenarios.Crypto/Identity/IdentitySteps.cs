namespace Matrix.Complement.Scenarios.Crypto.Identity;

/// <summary>
/// Steps the identity (TOFU) and device-isolation scenarios share: verifying another user by SAS, and waiting for
/// a client to see another user's identity in a given trust state.
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

    /// <summary>
    /// <paramref name="verifier"/> verifies <paramref name="other"/>'s user by SAS with <paramref name="other"/>'s
    /// device: the harness compares the seven emoji both devices show and confirms on both. Both users must have
    /// cross-signing. Returns once both report the flow done and <paramref name="verifier"/> considers
    /// <paramref name="other"/>'s identity verified.
    /// </summary>
    public static async Task VerifyUserAsync(this IClient verifier, IClient other, CancellationToken ct)
    {
        await verifier.WaitForDeviceAsync(other.UserId, other.DeviceId, ct: ct);
        await other.WaitForDeviceAsync(verifier.UserId, verifier.DeviceId, ct: ct);
        var request = await verifier.RequestVerificationAsync(other.UserId, other.DeviceId, ct);
        await other.WaitForVerificationRequestAsync(request.TransactionId, ct: ct);
        await other.AcceptVerificationAsync(request.TransactionId, ct);
        await verifier.StartSasAsync(request.TransactionId, ct);
        var shownByVerifier = await verifier.WaitForSasEmojiAsync(request.TransactionId, ct: ct);
        var shownByOther = await other.WaitForSasEmojiAsync(request.TransactionId, ct: ct);
        if (shownByVerifier.Count != 7 || !shownByVerifier.SequenceEqual(shownByOther))
            throw new ExpectationFailedException($"{verifier} and {other} should show the same seven emoji; they show " +
                $"[{string.Join(", ", shownByVerifier)}] and [{string.Join(", ", shownByOther)}]");
        await Task.WhenAll(verifier.ConfirmSasAsync(request.TransactionId, true, ct),
            other.ConfirmSasAsync(request.TransactionId, true, ct));
        await verifier.WaitForVerificationDoneAsync(request.TransactionId, ct: ct);
        await other.WaitForVerificationDoneAsync(request.TransactionId, ct: ct);
        await verifier.WaitForUserVerificationStatusAsync(other.UserId, s => s.Verified,
            $"{other.UserId} verified after SAS", ct: ct);
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
