using Matrix.Complement.Scenarios.Auth.Support;

namespace Matrix.Complement.Scenarios.Auth.OAuth;

/// <summary>
/// QR login (MSC4108, 2024 version) against the auth server STAND-IN (not MAS). Alice, logged in through OAuth, has
/// cross-signing and key backup, and history in an encrypted room with Bob. A new device of hers shows a QR code;
/// her existing device scans it, both derive the same check code, she approves the new device at the auth server
/// (device authorization grant) in her existing device's browser, and the existing device sends the secrets over
/// the secure channel. The new device then holds the cross-signing keys and the backup key, and decrypts the
/// history from key backup: zero UTDs.
/// </summary>
[TestFixtureSource(typeof(AuthTarget), nameof(AuthTarget.StandIn))]
[Msc(4108), Msc(2965)]
public sealed class QrLoginScenarios(AuthTarget target) : AuthScenario(target)
{
    [Scenario, Spec("client-server-api/#device-authorization-grant"), CancelAfter(300_000)]
    public async Task QR_login_gives_the_new_device_the_secrets_and_the_history_from_backup(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        await alice.EnableKeyBackupAsync(ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, [bob], ct);
        var history = await bob.SendTextMessagesAsync(room, 2, "history", ct);
        await alice.WaitForDecryptedAsync(room, history, ct: ct);
        await alice.WaitForKeyBackupAsync(room, ct: ct);

        // When
        var login = await OAuthClients.LoginWithQrCodeAsync(Auth, alice, ClientOptions(), ct);
        await using var phone = login.Client;

        // Then
        Assert.That(login.Channel.NewCheckCode, Is.Not.Null.And.EqualTo(login.Channel.ExistingCheckCode),
            "both devices should derive the same check code from the secure channel");
        Assert.That(login.Channel.VerificationUri.ToString(), Does.StartWith(Auth.StandIn!.DeviceLinkUri.ToString()),
            "the new device is approved on the auth server's device page");
        Assert.That(login.Channel.HasRefreshToken, Is.True, "the device authorization grant issues a refresh token");
        Assert.That(phone.UserId, Is.EqualTo(alice.UserId));
        Assert.That(login.CrossSigningReady, Is.True, "the new device should hold the cross-signing keys it received");
        Assert.That(login.HasBackupKey, Is.True, "the new device should hold the key backup's key it received");
        Assert.That(login.RestoredKeys, Is.GreaterThanOrEqualTo(1), "the history's room key should come from key backup");
        await phone.WaitForDecryptedAsync(room, history, ct: ct);
        await bob.WaitForDecryptedAsync(room, await phone.SendTextMessagesAsync(room, 1, "from the new device", ct), ct: ct);
        await phone.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
