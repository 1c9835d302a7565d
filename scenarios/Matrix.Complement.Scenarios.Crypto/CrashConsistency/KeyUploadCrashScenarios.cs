using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.CrashConsistency;

/// <summary>
/// A device crashes after the homeserver stored a key upload but before the client heard back (the response is
/// held, the renderer crashes, the response goes nowhere). On restart the client must upload again without
/// contradicting itself: every key id it sends again must carry the same key, so the server answers 200, never the
/// 400 of a duplicate key id with a different key (matrix-rust-sdk#1415). Then others must still be able to start
/// Olm sessions with it.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class KeyUploadCrashScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    /// <summary>The first upload of a new device (device keys and one-time keys) is the one interrupted.</summary>
    [Scenario, Regression("matrix-rust-sdk#1415"), Spec("client-server-api/#post_matrixclientv3keysupload"), CancelAfter(120_000)]
    public async Task A_crash_before_the_first_key_upload_response_does_not_break_the_device(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var uploads = await network.SniffAsync(KeyUploads(kind.Homeserver), ct: ct);
        await using var responseHeld = await network.InterceptAsync(KeyUploads(kind.Homeserver), FaultAction.Hold(FaultPoint.Response).Times(1), ct);
        await using var alice = await LoginAsync("alice", kind, ct); // returns once the server holds her keys
        await responseHeld.WaitForHeldAsync(1, Timeouts.Request, ct);

        // When
        await alice.CrashAsync(ct);
        await responseHeld.DisposeAsync();
        await alice.StartAsync(ct);

        // Then
        await MustHaveReuploadedConsistentlyAsync(uploads, alice, ct);
        await MustExchangeMessagesAsync(alice, ct);
    }

    /// <summary>
    /// A later upload is interrupted: an "eater" claims some of Alice's one-time keys, her client uploads
    /// replacements, and it crashes before that response arrives. After restart the replacements must not be
    /// uploaded again under reused ids with different keys, and her key count must be restored.
    /// </summary>
    [Scenario, Regression("matrix-rust-sdk#1415"), Spec("client-server-api/#one-time-and-fallback-keys"), CancelAfter(120_000)]
    public async Task A_crash_before_a_replenishing_upload_response_uploads_no_duplicate_one_time_keys(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        var server = deployment[kind.Homeserver];
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var uploads = await deployment.Network.SniffAsync(KeyUploads(kind.Homeserver).ForUsers(alice.UserId), ct: ct);
        await using var responseHeld = await deployment.Network.InterceptAsync(KeyUploads(kind.Homeserver).ForUsers(alice.UserId),
            FaultAction.Hold(FaultPoint.Response).Times(1), ct);
        var eater = await server.RegisterUserAsync("eater", ct);
        for (var i = 0; i < 5; i++) await ClaimAsync(server, eater, alice, ct);
        await NudgeSyncAsync(server, eater, alice, ct); // her next sync reports the lower key count
        await responseHeld.WaitForHeldAsync(1, Timeouts.MessageDelivery, ct);

        // When
        await alice.CrashAsync(ct);
        await responseHeld.DisposeAsync();
        await alice.StartAsync(ct);

        // Then
        await MustHaveReuploadedConsistentlyAsync(uploads, alice, ct);
        var counts = uploads.Sniffed.Select(f => f.ResponseJson?["one_time_key_counts"]?["signed_curve25519"]?.GetValue<int>() ?? 0);
        Assert.That(counts.Last(), Is.GreaterThanOrEqualTo(counts.First()), $"{alice} should have restored her one-time key count");
        await MustExchangeMessagesAsync(alice, ct);
    }

    private static async Task MustHaveReuploadedConsistentlyAsync(RuleScope uploads, IClient alice, CancellationToken ct)
    {
        IReadOnlyList<SniffedFlow> flows;
        try
        {
            flows = await uploads.WaitForSniffedAsync(2, Timeouts.ClientLogin, ct); // the interrupted one, then the retry
        }
        catch (TimeoutException e)
        {
            // The client never uploaded again: a behaviour of the client, not a broken harness.
            throw new ExpectationFailedException($"{alice} did not upload one-time keys again after the crash " +
                                                 $"(uploads seen: {uploads.Sniffed.Count}): {e.Message}", e);
        }
        Assert.That(flows.Skip(1).Select(f => f.Status), Is.All.EqualTo(200), $"{alice}'s key uploads, in order: " +
            string.Join("; ", flows.Select(f => $"{f.Status} {f.ResponseBody}")));
        var byId = new Dictionary<string, string>();
        foreach (var key in flows.SelectMany(f => f.Request.Json?["one_time_keys"]?.AsObject() ?? []))
        {
            var value = key.Value?["key"]?.GetValue<string>() ?? key.Value?.ToJsonString() ?? "";
            Assert.That(byId.TryAdd(key.Key, value) || byId[key.Key] == value, Is.True,
                $"{alice} uploaded one-time key id {key.Key} twice with different keys");
        }
    }

    private async Task MustExchangeMessagesAsync(IClient alice, CancellationToken ct)
    {
        await using var bob = await LoginAsync("bob", kind, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 2, "to the restarted device", ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 2, "from the restarted device", ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
