using Matrix.Complement.Scenarios.Auth.Support;

namespace Matrix.Complement.Scenarios.Auth.OAuth;

/// <summary>
/// Access tokens that expire while clients sync, against the auth server STAND-IN (not MAS), which here issues
/// tokens living <see cref="ShortTokenLifetime"/>. hs1 honours the expiry the stand-in reports at introspection, so
/// a client keeps syncing only through its SDK's refresh (the refresh token grant, MSC2964). Bob sends into a room
/// that rotates its Megolm session with every message, so every message brings Alice a new room key over
/// to-device, around each of her refreshes. Alice must decrypt every message (zero UTDs): no to-device message or
/// room key is lost across a refresh, and the login token really stopped working.
/// </summary>
[TestFixtureSource(typeof(AuthTarget), nameof(AuthTarget.StandIn))]
[Msc(2964), Msc(2967)]
public sealed class TokenRefreshScenarios(AuthTarget target) : AuthScenario(target)
{
    /// <summary>
    /// The stand-in's access-token lifetime here: short enough for several refreshes per test, long enough for a
    /// login and first sync on a loaded machine (scaled), and under the SDK's 60 s "should not have expired yet" bound.
    /// </summary>
    private static readonly TimeSpan ShortTokenLifetime = TimeSpan.FromSeconds(Math.Min(45, Timeouts.Seconds(15).TotalSeconds));

    /// <inheritdoc />
    protected override TimeSpan TokenLifetime => ShortTokenLifetime;

    [Scenario, Spec("client-server-api/#refresh-token-grant"), CancelAfter(420_000)]
    public async Task A_token_refresh_during_sync_loses_no_to_device_message_or_room_key(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, [bob], ct, new CreateRoomOptions { RotationPeriodMessages = 1 });
        var refreshWindow = ShortTokenLifetime + Timeouts.Seconds(45); // expiry, then at most one sync long-poll

        // When: Bob sends before and after each of Alice's next two refreshes
        var sent = new List<SentEvent>();
        for (var round = 1; round <= 2; round++)
        {
            var before = (await alice.GetOAuthStatusAsync(ct)).Refreshes;
            sent.AddRange(await bob.SendTextMessagesAsync(room, 1, $"before refresh {round}", ct));
            await alice.WaitForTokenRefreshAsync(before, refreshWindow, ct);
            sent.AddRange(await bob.SendTextMessagesAsync(room, 1, $"after refresh {round}", ct));
        }

        // Then
        var received = await alice.WaitForDecryptedAsync(room, sent, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        Assert.That(received.Select(e => e.SessionId).Distinct().Count(), Is.EqualTo(sent.Count),
            "every message should have come with its own room key (rotation after each message)");
        Assert.That(await alice.LoginTokenAcceptedAsync(Auth, ct), Is.False, "hs1 should reject Alice's expired login token");
        var status = await alice.GetOAuthStatusAsync(ct);
        Assert.That(status.EndedWith, Is.Null, $"{alice}'s session should never have ended");
        Assert.That(status.Refreshes, Is.GreaterThanOrEqualTo(2), $"{alice} should have refreshed at least twice");
        await bob.WaitForDecryptedAsync(room, await alice.SendTextMessagesAsync(room, 1, "after the refreshes", ct), ct: ct);
    }
}
