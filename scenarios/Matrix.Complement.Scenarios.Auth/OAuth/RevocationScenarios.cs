using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Auth.Support;

namespace Matrix.Complement.Scenarios.Auth.OAuth;

/// <summary>
/// Logging out by revocation, against the auth server STAND-IN (not MAS). Alice has two devices, both logged in
/// through OAuth, in an encrypted room with Bob. Her second device logs out the OAuth way: its SDK revokes its
/// tokens at the auth server (RFC 7009), which ends the session and deletes the device in hs1. The device's login
/// token stops working and its SDK sees its session end; Bob's SDK sees the device go, so his next message starts a
/// new Megolm session whose room key goes to Alice's remaining device and not to the revoked one, which therefore
/// cannot decrypt it; Alice's remaining device decrypts everything.
/// </summary>
[TestFixtureSource(typeof(AuthTarget), nameof(AuthTarget.StandIn))]
[Msc(2964), Msc(2967)]
[NonParallelizable] // sniffs Bob's traffic at the shared auth deployment's proxy
public sealed class RevocationScenarios(AuthTarget target) : AuthScenario(target)
{
    private const string EncryptedToDevice = "/_matrix/client/v3/sendToDevice/m.room.encrypted/{txn}";

    [Scenario, Spec("client-server-api/#token-revocation"), CancelAfter(240_000)]
    public async Task Logout_by_revocation_removes_the_device_and_the_others_rotate_keys(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var laptop = await LoginNewDeviceAsync(alice, ct);
        await using var bob = await LoginAsync("bob", ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, [laptop, bob], ct);
        await bob.WaitForDeviceAsync(alice.UserId, laptop.DeviceId, ct: ct);
        var before = await bob.SendTextMessagesAsync(room, 1, "before the logout", ct);
        var beforeSession = (await laptop.WaitForDecryptedAsync(room, before, ct: ct))[0].SessionId;

        // When
        await laptop.LogoutByRevocationAsync(ct);

        // Then: the device is gone, for hs1, for its own SDK and for Bob's
        Assert.That(await laptop.LoginTokenAcceptedAsync(Auth, ct), Is.False, "hs1 should reject the revoked device's token");
        await Eventually.SatisfiesAsync($"{laptop}'s SDK sees its session end", Timeouts.MessageDelivery,
            c => laptop.GetOAuthStatusAsync(c), s => s.EndedWith == "M_UNKNOWN_TOKEN" ? null : $"ended with: {s.EndedWith ?? "not ended"}", ct);
        await Eventually.SatisfiesAsync($"{bob} no longer knows Alice's revoked device {laptop.DeviceId}", Timeouts.MessageDelivery,
            c => bob.GetDeviceVerificationStatusAsync(alice.UserId, laptop.DeviceId, c), d => d.Known ? "still known" : null, ct);
        await using var roomKeys = await Auth.Deployment.Network.SniffAsync(NetworkRule.ClientServer(bob.Homeserver)
            .Request("PUT", EncryptedToDevice).ForUsers(bob.UserId).Named($"encrypted to-device from {bob.Actor}"), ct: ct);
        var after = await bob.SendTextMessagesAsync(room, 1, "after the logout", ct);
        var afterEvent = (await alice.WaitForDecryptedAsync(room, after, ct: ct))[0];
        Assert.That(afterEvent.SessionId, Is.Not.EqualTo(beforeSession), $"{bob} should have rotated his Megolm session");
        var recipients = Recipients(roomKeys);
        Assert.That(recipients, Does.Contain($"{alice.UserId}/{alice.DeviceId}"), "the new room key goes to Alice's remaining device");
        Assert.That(recipients, Does.Not.Contain($"{alice.UserId}/{laptop.DeviceId}"), "the revoked device gets no new room key");
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>The devices (<c>user/device</c>) the sniffed encrypted to-device requests were addressed to.</summary>
    private static IReadOnlyList<string> Recipients(RuleScope sniffed) =>
        [.. sniffed.Sniffed
            .SelectMany(f => (f.Request.Json?["messages"] as JsonObject ?? []).SelectMany(user =>
                (user.Value as JsonObject ?? []).Select(device => $"{user.Key}/{device.Key}")))
            .Distinct().Order(StringComparer.Ordinal)];
}
