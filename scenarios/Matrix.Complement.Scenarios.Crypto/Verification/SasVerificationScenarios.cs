using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.Verification;

/// <summary>
/// Alice has set up cross-signing on her first device. She logs in a second device, which asks her first device for verification; the first accepts, the second
/// starts SAS, the harness compares the seven emoji both devices show and confirms on both. Each device must then
/// consider the other verified, and a message Bob sends must decrypt on both.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class SasVerificationScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#short-authentication-string-sas-verification"), CancelAfter(150_000)]
    public async Task A_second_device_is_verified_by_comparing_emoji(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.CrossSigning, alice);
        Require.Feature(ClientFeature.Verification, alice);
        await alice.BootstrapCrossSigningAsync(ct);
        await using var alice2 = await LoginNewDeviceAsync(alice, ct);
        await alice.WaitForDeviceAsync(alice.UserId, alice2.DeviceId, ct: ct);
        await alice2.WaitForDeviceAsync(alice.UserId, alice.DeviceId, ct: ct);

        // When
        var request = await alice2.RequestOwnDeviceVerificationAsync(ct);
        await alice.WaitForVerificationRequestAsync(request.TransactionId, ct: ct);
        await alice.AcceptVerificationAsync(request.TransactionId, ct);
        await alice2.StartSasAsync(request.TransactionId, ct);
        var shownByNew = await alice2.WaitForSasEmojiAsync(request.TransactionId, ct: ct);
        var shownByOld = await alice.WaitForSasEmojiAsync(request.TransactionId, ct: ct);
        Assert.That(shownByNew, Has.Count.EqualTo(7).And.EqualTo(shownByOld),
            $"{alice2} and {alice} should show the same seven emoji");
        await Task.WhenAll(alice.ConfirmSasAsync(request.TransactionId, true, ct),
            alice2.ConfirmSasAsync(request.TransactionId, true, ct));
        await alice.WaitForVerificationDoneAsync(request.TransactionId, ct: ct);
        await alice2.WaitForVerificationDoneAsync(request.TransactionId, ct: ct);

        // Then
        // The cross-signature each side uploads after "done" reaches the other through a device-list update.
        await alice.WaitForDeviceVerificationStatusAsync(alice.UserId, alice2.DeviceId, s => s.Verified,
            $"{alice} considers {alice2.DeviceId} verified after SAS", Timeouts.Verification, ct);
        await alice2.WaitForDeviceVerificationStatusAsync(alice.UserId, alice.DeviceId, s => s.Verified,
            $"{alice2} considers {alice.DeviceId} verified after SAS", Timeouts.Verification, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 2, "to both alices", ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await alice2.WaitForDecryptedAsync(room, fromBob, ct: ct);
    }
}
