using Matrix.Complement.Scenarios.Auth.Support;

namespace Matrix.Complement.Scenarios.Auth.OAuth;

/// <summary>
/// Logging in through OAuth 2.0 against the auth server STAND-IN (not MAS): Alice and Bob each log in with
/// matrix-js-sdk's own OAuth support (discovery through hs1's auth metadata, dynamic client registration, the
/// authorization code grant with PKCE, the device scope), the login page filled in their browser. Their sessions are
/// the SDK's own (it holds the refresh token and client id). In an encrypted room each sends one message, and each
/// decrypts the other's: zero UTDs.
/// </summary>
[TestFixtureSource(typeof(AuthTarget), nameof(AuthTarget.StandIn))]
[Msc(2964), Msc(2965), Msc(2966), Msc(2967)]
public sealed class OAuthLoginScenarios(AuthTarget target) : AuthScenario(target)
{
    [Scenario, Spec("client-server-api/#oauth-20-api"), CancelAfter(180_000)]
    public async Task OAuth_login_then_E2EE_works_with_zero_UTDs(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        foreach (var client in new[] { alice, bob })
            Assert.That((await client.GetOAuthStatusAsync(ct)).RefreshConfigured, Is.True,
                $"{client}'s SDK should hold its OAuth session (refresh token and client id)");
        var room = await CreateSharedEncryptedRoomAsync(alice, [bob], ct);

        // When
        var fromAlice = await alice.SendTextMessagesAsync(room, 1, "from alice", ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 1, "from bob", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
