using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.OneTimeKeys;

/// <summary>
/// Alice's one-time keys run out and she cannot upload more: an "eater" claims every one of them until the server
/// hands out her fallback key, while her <c>/keys/upload</c> fails. Bob and Charlie (on Bob's side of the pair) then
/// each start an Olm session with her; both must be given the same fallback key, and once her uploads work again
/// Alice must decrypt both their messages. (Fallback-key rotation is not checked.)
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class FallbackKeyScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#one-time-and-fallback-keys"), CancelAfter(120_000)]
    public async Task Sessions_started_on_the_fallback_key_decrypt_once_one_time_keys_ran_out(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        var hs1 = (await DeploymentAsync(ct))[Clients.Alice.Homeserver];
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        await using var charlie = await LoginAsync("charlie", Clients.Bob, ct);
        Require.Feature(ClientFeature.FallbackKeys, alice);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await alice.InviteAsync(room, charlie.UserId, ct);
        await charlie.JoinAsync(room, [alice.Homeserver], ct);
        await alice.WaitForMembershipAsync(room, charlie.UserId, Membership.Join, ct: ct);

        // When
        IReadOnlyList<SentEvent> fromBob, fromCharlie;
        await using var claims = await network.SniffAsync(KeyClaims(Clients.Bob.Homeserver).ForUsers(bob.UserId, charlie.UserId), ct: ct);
        await using (await network.InterceptAsync(KeyUploads(alice.Homeserver).ForUsers(alice.UserId), FaultAction.Fail(504), ct))
        {
            var fallback = await EatOneTimeKeysAsync(hs1, await hs1.RegisterUserAsync("eater", ct), alice, ct);
            TestContext.Out.WriteLine($"ate {fallback.Eaten} one-time keys of {alice}, then got fallback key {fallback.KeyId}");
            fromBob = await bob.SendTextMessagesAsync(room, 1, "on the fallback key", ct);
            fromCharlie = await charlie.SendTextMessagesAsync(room, 1, "on the fallback key too", ct);

            // Then
            var handedOut = claims.Sniffed.Select(f => f.ResponseJson?["one_time_keys"]?[alice.UserId]?[alice.DeviceId]?.AsObject())
                .OfType<JsonObject>().Where(k => k.Count > 0).Select(k => (Id: k.First().Key, Fallback: k.First().Value?["fallback"]?.GetValue<bool>()))
                .ToList();
            Assert.That(handedOut, Has.Count.EqualTo(2).And.All.EqualTo((fallback.KeyId, (bool?)true)),
                $"bob and charlie should both have been given {alice}'s fallback key {fallback.KeyId}");
        }
        await alice.WaitForDecryptedAsync(room, [.. fromBob, .. fromCharlie], ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
