using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;
using Vodozemac.Net;

namespace Matrix.Complement.Scenarios.Crypto.Support;

/// <summary>
/// What the fault scenarios (one-time keys, device lists, races, federation, crash consistency, to-device) share:
/// the network rules they fault, raw helpers that act beside the SDK clients (an "OTK eater", a sync nudger, raw
/// devices with signed keys), and the time budgets that include the SDK's own retry back-off.
/// </summary>
public static class FaultScenarioSupport
{
    private const string KeysUploadPath = "/_matrix/client/v3/keys/upload";
    private static long _txn;

    /// <summary>
    /// A client's <c>POST /keys/upload</c> that carries keys. The harness's own key-count probe (an empty body, sent
    /// while a client starts) does not match, so a limited fault is spent on the SDK's requests only.
    /// </summary>
    public static NetworkRule KeyUploads(string server) =>
        NetworkRule.ClientServer(server).Request("POST", KeysUploadPath)
            .WhereBody(b => b?["device_keys"] is not null || b?["one_time_keys"] is not null || b?["fallback_keys"] is not null)
            .Named("keys/upload with keys");

    /// <summary>A client's <c>POST /keys/claim</c>.</summary>
    public static NetworkRule KeyClaims(string server) =>
        NetworkRule.ClientServer(server).Request("POST", "/_matrix/client/v3/keys/claim");

    /// <summary>A client's <c>POST /keys/query</c> that asks for <paramref name="userId"/>'s devices (the harness probe asks only for its own).</summary>
    public static NetworkRule KeyQueriesFor(string server, string userId) =>
        NetworkRule.ClientServer(server).Request("POST", "/_matrix/client/v3/keys/query")
            .WhereBody(b => b?["device_keys"]?[userId] is not null).Named($"keys/query for {userId}");

    /// <summary>A client's <c>PUT /sendToDevice/{type}/{txn}</c>.</summary>
    public static NetworkRule SendToDevice(string server) =>
        NetworkRule.ClientServer(server).Request("PUT", "/_matrix/client/v3/sendToDevice/{type}/{txn}");

    /// <summary>A client's <c>GET /sync</c>.</summary>
    public static NetworkRule Sync(string server) => NetworkRule.ClientServer(server).Request("GET", "/_matrix/client/v3/sync");

    /// <summary>
    /// The budget for a request the js client retries after <paramref name="failures"/> failures (matrix-js-sdk's
    /// <c>requestWithRetry</c> waits 2, 4, 8, 16 s), plus a normal message delivery.
    /// </summary>
    public static TimeSpan AfterRetries(int failures) =>
        Timeouts.MessageDelivery + Timeouts.Seconds(Enumerable.Range(1, failures).Sum(k => Math.Pow(2, k)));

    /// <summary>
    /// Claims <paramref name="client"/>'s one-time keys as <paramref name="eater"/> until the server hands out the
    /// fallback key, and returns it (key id and key). Throws if no fallback key shows up within 200 claims.
    /// </summary>
    public static async Task<(string KeyId, JsonNode Key, int Eaten)> EatOneTimeKeysAsync(HomeserverHandle server,
        MatrixSession eater, IClient client, CancellationToken ct)
    {
        for (var eaten = 0; eaten < 200; eaten++)
        {
            var key = await ClaimAsync(server, eater, client, ct);
            if (key is null) throw new ExpectationFailedException(
                $"{client}: the server had no one-time key and no fallback key left after {eaten} claims");
            if (key.Value.Key["fallback"]?.GetValue<bool>() == true) return (key.Value.KeyId, key.Value.Key, eaten);
        }
        throw new ExpectationFailedException($"{client}: 200 one-time keys claimed and still no fallback key");
    }

    /// <summary>Claims one <c>signed_curve25519</c> key of <paramref name="client"/>'s device; null when none is left.</summary>
    public static async Task<(string KeyId, JsonNode Key)?> ClaimAsync(HomeserverHandle server, MatrixSession claimer,
        IClient client, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["one_time_keys"] = new JsonObject { [client.UserId] = new JsonObject { [client.DeviceId] = "signed_curve25519" } },
        };
        var result = await server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/claim", claimer, body, ct);
        var keys = result["one_time_keys"]?[client.UserId]?[client.DeviceId]?.AsObject();
        return keys is { Count: > 0 } ? (keys.First().Key, keys.First().Value!) : null;
    }

    /// <summary>
    /// Makes <paramref name="client"/>'s pending <c>/sync</c> long-poll return, by sending its device an empty
    /// to-device message of a type no SDK acts on (<c>m.mc.nudge</c>) from <paramref name="nudger"/>.
    /// </summary>
    public static Task NudgeSyncAsync(HomeserverHandle server, MatrixSession nudger, IClient client, CancellationToken ct) =>
        server.Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/sendToDevice/m.mc.nudge/nudge{Interlocked.Increment(ref _txn)}-{Environment.ProcessId}",
            nudger, new JsonObject
            {
                ["messages"] = new JsonObject { [client.UserId] = new JsonObject { [client.DeviceId] = new JsonObject() } },
            }, ct);

    /// <summary>
    /// Waits until <paramref name="client"/> knows <paramref name="userId"/>'s <paramref name="deviceId"/>, nudging its
    /// sync before each look (an SDK retries a failed device-list download only after a sync, once its back-off ran out).
    /// </summary>
    public static async Task WaitForDeviceWithNudgesAsync(HomeserverHandle server, MatrixSession nudger, IClient client,
        string userId, string deviceId, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Eventually.SatisfiesAsync($"{client} knows device {deviceId} of {userId}", timeout, async c =>
            {
                await NudgeSyncAsync(server, nudger, client, c);
                var known = await client.GetDeviceVerificationStatusAsync(userId, deviceId, c);
                return known.Known;
            }, known => known ? null : "device not known yet", ct, TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    /// <summary>
    /// After a fault healed, <paramref name="sender"/> sends a numbered probe message, then another, until
    /// <paramref name="receiver"/> decrypts one (clients and servers retry on their own back-off, which no test should
    /// guess). Returns the probe that decrypted and the ones before it that did not. Throws after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(SentEvent Decrypted, IReadOnlyList<SentEvent> Lost)> SendUntilDecryptedAsync(IClient sender,
        IClient receiver, string roomId, string prefix, TimeSpan timeout, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lost = new List<SentEvent>();
        while (clock.Elapsed < timeout)
        {
            var probe = await sender.SendTextAsync(roomId, $"{prefix} {lost.Count + 1} from {sender.Actor}", ct);
            var seen = await receiver.TryWaitForEventAsync(roomId, e => e.EventId == probe.EventId && e.IsReadable,
                $"{probe.EventId} decrypted", Timeouts.Seconds(3), ct);
            if (seen.Succeeded) return (probe, lost);
            lost.Add(probe);
        }
        throw new ExpectationFailedException($"{receiver} decrypted none of {lost.Count} messages {sender} sent over " +
            $"{clock.Elapsed.TotalSeconds:F0}s after the fault healed: " + string.Join(", ", lost.Select(l => l.EventId)));
    }

    /// <summary>
    /// Registers a user on <paramref name="server"/> with one device backed by a vodozemac account: its identity
    /// keys, self-signed device keys and <paramref name="oneTimeKeys"/> signed one-time keys are uploaded, so an
    /// SDK will encrypt to it. The account is not kept: the device only has to be a valid recipient.
    /// </summary>
    public static async Task<MatrixSession> RegisterDeviceWithKeysAsync(HomeserverHandle server, string actor,
        int oneTimeKeys, CancellationToken ct)
    {
        var session = await server.RegisterUserAsync(actor, ct);
        using var account = new Account();
        var deviceKeys = new JsonObject
        {
            ["algorithms"] = new JsonArray("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"),
            ["device_id"] = session.DeviceId,
            ["keys"] = new JsonObject
            {
                [$"curve25519:{session.DeviceId}"] = account.Curve25519Key,
                [$"ed25519:{session.DeviceId}"] = account.Ed25519Key,
            },
            ["user_id"] = session.UserId,
        };
        account.GenerateOneTimeKeys(oneTimeKeys);
        var otks = new JsonObject();
        foreach (var (id, key) in account.OneTimeKeys)
            otks[$"signed_curve25519:{id}"] = Signed(new JsonObject { ["key"] = key }, session, account);
        await server.Api.SendAsync(HttpMethod.Post, KeysUploadPath, session,
            new JsonObject { ["device_keys"] = Signed(deviceKeys, session, account), ["one_time_keys"] = otks }, ct);
        account.MarkKeysAsPublished();
        return session;
    }

    private static JsonObject Signed(JsonObject value, MatrixSession session, Account account)
    {
        var signature = account.Sign(CanonicalJson(value));
        value["signatures"] = new JsonObject
        {
            [session.UserId] = new JsonObject { [$"ed25519:{session.DeviceId}"] = signature },
        };
        return value;
    }

    /// <summary>Matrix canonical JSON of objects with string, array and object values (keys sorted, no whitespace).</summary>
    internal static string CanonicalJson(JsonNode? node) => Sorted(node)?.ToJsonString(Canonical) ?? "null";

    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
