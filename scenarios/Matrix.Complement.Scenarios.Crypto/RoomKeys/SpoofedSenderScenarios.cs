using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Scenarios.Crypto.Support;

namespace Matrix.Complement.Scenarios.Crypto.RoomKeys;

/// <summary>
/// A malicious homeserver rewrites the <c>sender</c> of Alice's encrypted events in Bob's <c>/sync</c>. The room key
/// belongs to Alice's device, so Bob's client must not present the message as an authentic one from the claimed
/// sender: a spoofed user id gets a red "mismatched sender" shield, and a sender that is not a user id at all leaves
/// the event undecryptable. Once per client kind on one server (complement-crypto <c>room_keys_test.go</c>
/// <c>TestSpoofedEventSenderHandling</c>, catalogue §2.2 #13).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.SameServerPairs))]
public sealed class SpoofedSenderScenarios(ClientPair clients) : CryptoScenario(clients)
{
    /// <summary>Alice's event reaches Bob as if Charlie sent it: it decrypts, with a red mismatched-sender shield.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(90_000)]
    public async Task An_event_with_a_spoofed_sender_gets_a_red_mismatched_sender_shield(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        Require.Feature(ClientFeature.EventShields, bob);
        var charlie = await RegisterUserAsync("charlie", Clients.Bob.Homeserver, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        TimelineEvent seen;
        await using (await SpoofSenderAsync(bob, alice.UserId, charlie, ct))
        {
            var sent = await alice.SendTextMessagesAsync(room, 1, "spoofed as charlie", ct);
            seen = (await bob.WaitForDecryptedAsync(room, sent, ct: ct))[0];
        }

        // Then
        Assert.That(seen.Sender, Is.EqualTo(charlie), $"the proxy should have rewritten the sender Bob sees: {seen}");
        var shield = await bob.GetEventShieldAsync(room, seen.EventId, ct);
        Assert.That(shield, Is.EqualTo(new EventShield(ShieldColour.Red, ShieldReason.MismatchedSender)),
            $"{bob} should warn that {seen.EventId} was not sent by {charlie}");
    }

    /// <summary>Alice's event reaches Bob with a sender that is not a user id: Bob must not show it as readable.</summary>
    [Scenario, Spec("client-server-api/#mmegolmv1aes-sha2"), CancelAfter(90_000)]
    public async Task An_event_whose_sender_is_not_a_user_id_stays_undecryptable(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        SentEvent sent;
        await using (await SpoofSenderAsync(bob, alice.UserId, "not-a-user-id", ct))
        {
            sent = (await alice.SendTextMessagesAsync(room, 1, "sender is not a user id", ct))[0];
            await WaitForUtdAsync(bob, room, sent, DecryptionFailureCode.UnknownError, ct);
        }
        var control = await alice.SendTextMessagesAsync(room, 1, "sent without spoofing", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, control, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, [sent.EventId], ct);
    }

    /// <summary>
    /// Rewrites, in <paramref name="reader"/>'s sync responses (sync v2 or MSC4186, as it syncs), the sender of
    /// encrypted timeline events from <paramref name="from"/> to <paramref name="to"/>.
    /// </summary>
    private static async Task<RuleScope> SpoofSenderAsync(IClient reader, string from, string to, CancellationToken ct)
    {
        var deployment = await SharedDeployment.GetAsync(ct);
        var sss = reader.SyncMode == SyncMode.Msc4186;
        var rule = NetworkRule.ClientServer(reader.Homeserver).ForUsers(reader.UserId).Named($"spoof {from} as {to} in {reader.Actor}'s sync");
        rule = sss ? rule.Request("POST", "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync") : rule.Request("GET", "/_matrix/client/v3/sync");
        return await deployment.Network.InterceptAsync(rule, FaultAction.TransformJson(sync => Spoof(sync, sss, from, to)), ct);
    }

    private static JsonNode? Spoof(JsonNode? sync, bool sss, string from, string to)
    {
        var rooms = (sss ? sync?["rooms"] : sync?["rooms"]?["join"]) as JsonObject ?? [];
        foreach (var room in rooms.Select(r => r.Value))
            foreach (var e in (sss ? room?["timeline"] : room?["timeline"]?["events"]) as JsonArray ?? [])
                if ((string?)e?["type"] == "m.room.encrypted" && (string?)e?["sender"] == from) e!["sender"] = to;
        return sync;
    }
}
