namespace Matrix.Complement.Harness.Clients;

/// <summary>Verification flows composed of <see cref="IClient"/> steps, shared by every scenario project.</summary>
public static class VerificationSteps
{
    /// <summary>
    /// <paramref name="verifier"/> verifies <paramref name="other"/>'s user by SAS with <paramref name="other"/>'s
    /// device: the harness compares the seven emoji both devices show and confirms on both. Both users must have
    /// cross-signing. Returns once both report the flow done and <paramref name="verifier"/> considers
    /// <paramref name="other"/>'s identity verified; throws if the emoji differ.
    /// </summary>
    public static async Task VerifyUserAsync(this IClient verifier, IClient other, CancellationToken ct)
    {
        await verifier.WaitForDeviceAsync(other.UserId, other.DeviceId, ct: ct).ConfigureAwait(false);
        await other.WaitForDeviceAsync(verifier.UserId, verifier.DeviceId, ct: ct).ConfigureAwait(false);
        var request = await verifier.RequestVerificationAsync(other.UserId, other.DeviceId, ct).ConfigureAwait(false);
        await other.WaitForVerificationRequestAsync(request.TransactionId, ct: ct).ConfigureAwait(false);
        await other.AcceptVerificationAsync(request.TransactionId, ct).ConfigureAwait(false);
        await verifier.StartSasAsync(request.TransactionId, ct).ConfigureAwait(false);
        var shownByVerifier = await verifier.WaitForSasEmojiAsync(request.TransactionId, ct: ct).ConfigureAwait(false);
        var shownByOther = await other.WaitForSasEmojiAsync(request.TransactionId, ct: ct).ConfigureAwait(false);
        if (shownByVerifier.Count != 7 || !shownByVerifier.SequenceEqual(shownByOther))
            throw new ExpectationFailedException($"{verifier} and {other} should show the same seven emoji; they show " +
                $"[{string.Join(", ", shownByVerifier)}] and [{string.Join(", ", shownByOther)}]");
        await Task.WhenAll(verifier.ConfirmSasAsync(request.TransactionId, true, ct),
            other.ConfirmSasAsync(request.TransactionId, true, ct)).ConfigureAwait(false);
        await verifier.WaitForVerificationDoneAsync(request.TransactionId, ct: ct).ConfigureAwait(false);
        await other.WaitForVerificationDoneAsync(request.TransactionId, ct: ct).ConfigureAwait(false);
        await verifier.WaitForUserVerificationStatusAsync(other.UserId, s => s.Verified,
            $"{other.UserId} verified after SAS", ct: ct).ConfigureAwait(false);
    }
}
