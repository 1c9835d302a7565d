using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.OneTimeKeys;

/// <summary>
/// The key endpoints fail for a while, as a struggling homeserver's would: the client must retry on its own
/// rather than give up. Each scenario fails the first two requests with 504 and then checks the effect a user
/// needs — others can start sessions with the device, and the device can start sessions with others.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class KeyRequestRetryScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    /// <summary>Alice's first two key uploads fail. She must retry, so that Bob can claim one of her one-time keys and she decrypts his message.</summary>
    [Scenario, Spec("client-server-api/#post_matrixclientv3keysupload"), CancelAfter(90_000)]
    public async Task A_failed_one_time_key_upload_is_retried(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        await using var failing = await deployment.Network.FailAsync(KeyUploads(kind.Homeserver), times: 2, status: 504, ct);

        // When
        await using var alice = await LoginAsync("alice", kind, ct); // returns once her keys are on the server
        var claimed = await ClaimAsync(deployment[kind.Homeserver], await deployment[kind.Homeserver].RegisterUserAsync("claimer", ct), alice, ct);

        // Then
        Assert.That(failing.Matches, Is.EqualTo(2), "both injected 504s were spent on alice's uploads");
        Assert.That(claimed, Is.Not.Null, $"{alice} should have a key to claim on the server");
        Assert.That(claimed!.Value.Key["fallback"]?.GetValue<bool>(), Is.Not.True, $"{alice} should have one-time keys (not only a fallback key) on the server: {claimed}");
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 2, "after the upload retry", ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>Bob's first two <c>/keys/claim</c> requests fail when he first sends to Alice. He must retry, and Alice decrypts.</summary>
    [Scenario, Spec("client-server-api/#post_matrixclientv3keysclaim"), CancelAfter(90_000)]
    public async Task A_failed_key_claim_is_retried(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        await using var failing = await network.FailAsync(KeyClaims(kind.Homeserver).ForUsers(bob.UserId), times: 2, status: 504, ct);
        await using var claims = await network.SniffAsync(KeyClaims(kind.Homeserver).ForUsers(bob.UserId), ct: ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 2, "after the claim retry", ct);

        // Then
        await alice.WaitForDecryptedAsync(room, fromBob, AfterRetries(2), ct);
        Assert.That(claims.Sniffed.Take(3).Select(f => f.Status), Is.EqualTo(new[] { 504, 504, 200 }),
            $"{bob} should have claimed again after each 504, and once after the faults ran out");
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
