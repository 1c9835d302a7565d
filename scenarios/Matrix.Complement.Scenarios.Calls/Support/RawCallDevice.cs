using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Vodozemac.Net;

namespace Matrix.Complement.Scenarios.Calls.Support;

/// <summary>
/// A call participant the harness crafts itself, over raw HTTP and Vodozemac.Net: a device with self-signed device
/// keys and one-time keys (never cross-signed), that publishes call memberships in matrix-js-sdk's compatibility
/// format and sends media keys as Olm-encrypted or clear to-device messages — honest ones, and the forged, clear and
/// out-of-order ones the rules say a receiver must handle. It does not sync: scenarios read what SDK clients did.
/// </summary>
public sealed class RawCallDevice : IDisposable
{
    private const string OlmAlgorithm = "m.olm.v1.curve25519-aes-sha2";
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static long _txn;

    private readonly HomeserverHandle _server;
    private readonly Account _account = new();
    private readonly Dictionary<string, (Session Session, string Curve25519, string Ed25519)> _sessions = [];

    private RawCallDevice(HomeserverHandle server, MatrixSession session)
    {
        _server = server;
        Session = session;
    }

    /// <summary>The device's login.</summary>
    public MatrixSession Session { get; }

    /// <summary>This device as <c>user|device</c>.</summary>
    public string Participant => $"{Session.UserId}|{Session.DeviceId}";

    /// <summary>Registers <paramref name="actor"/> on <paramref name="server"/> with one raw device whose keys are uploaded.</summary>
    public static async Task<RawCallDevice> RegisterAsync(HomeserverHandle server, string actor, CancellationToken ct)
    {
        var device = new RawCallDevice(server, await server.RegisterUserAsync(actor, ct));
        await device.UploadKeysAsync(ct);
        return device;
    }

    /// <summary>Logs this device's user in again as a second raw device with its own keys.</summary>
    public async Task<RawCallDevice> NewDeviceAsync(CancellationToken ct)
    {
        var device = new RawCallDevice(_server, await _server.Api.LoginAsync(Session.Localpart, Session.Password, ct: ct));
        await device.UploadKeysAsync(ct);
        return device;
    }

    private async Task UploadKeysAsync(CancellationToken ct)
    {
        var deviceKeys = new JsonObject
        {
            ["algorithms"] = new JsonArray(OlmAlgorithm, "m.megolm.v1.aes-sha2"),
            ["device_id"] = Session.DeviceId,
            ["keys"] = new JsonObject
            {
                [$"curve25519:{Session.DeviceId}"] = _account.Curve25519Key,
                [$"ed25519:{Session.DeviceId}"] = _account.Ed25519Key,
            },
            ["user_id"] = Session.UserId,
        };
        _account.GenerateOneTimeKeys(20);
        var otks = new JsonObject();
        foreach (var (id, key) in _account.OneTimeKeys) otks[$"signed_curve25519:{id}"] = Signed(new JsonObject { ["key"] = key });
        await _server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/upload", Session,
            new JsonObject { ["device_keys"] = Signed(deviceKeys), ["one_time_keys"] = otks }, ct);
        _account.MarkKeysAsPublished();
    }

    /// <summary>Joins <paramref name="roomId"/> (after an invite). Returns when the homeserver accepted it.</summary>
    public Task JoinRoomAsync(string roomId, CancellationToken ct) => _server.Api.JoinAsync(Session, roomId, ct: ct);

    /// <summary>
    /// Publishes this device's call membership in <paramref name="roomId"/> as matrix-js-sdk's compatibility mode
    /// does (state event <c>org.matrix.msc3401.call.member</c>, state key <c>_{user}_{device}_m.call</c>).
    /// </summary>
    public Task PublishMembershipAsync(string roomId, CancellationToken ct) =>
        _server.Api.SendAsync(HttpMethod.Put,
            $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{MatrixRtcParticipant.CallMemberType}/" +
            Uri.EscapeDataString($"_{Session.UserId}_{Session.DeviceId}_m.call"), Session, new JsonObject
            {
                ["application"] = "m.call", ["call_id"] = "", ["scope"] = "m.room", ["device_id"] = Session.DeviceId,
                ["membershipID"] = $"{Session.UserId}:{Session.DeviceId}", ["expires"] = 4 * 3600 * 1000,
                ["focus_active"] = new JsonObject { ["type"] = "livekit", ["focus_selection"] = "multi_sfu" },
                ["foci_preferred"] = new JsonArray(new JsonObject
                {
                    ["type"] = "livekit", ["livekit_service_url"] = "http://127.0.0.1:8080", ["livekit_alias"] = roomId,
                }),
                ["created_ts"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            }, ct);

    /// <summary>A new random 16-byte media key, as matrix-js-sdk makes them.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(16);

    /// <summary>The key's hash as the driver names keys (<see cref="RtcKeyEvent.KeyHash"/>).</summary>
    public static string HashOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>
    /// matrix-js-sdk's key content (<c>EncryptionKeysToDeviceEventContent</c>) for <paramref name="roomId"/>, claiming to
    /// come from <paramref name="claimedDeviceId"/> (this device unless given) and sent at <paramref name="sentTs"/>.
    /// </summary>
    public JsonObject KeyContent(string roomId, int index, byte[] key, string? claimedDeviceId = null, long? sentTs = null)
    {
        var device = claimedDeviceId ?? Session.DeviceId;
        return new JsonObject
        {
            ["keys"] = new JsonObject { ["index"] = index, ["key"] = Convert.ToBase64String(key) },
            ["room_id"] = roomId,
            ["member"] = new JsonObject { ["claimed_device_id"] = device, ["id"] = $"{Session.UserId}:{device}" },
            ["session"] = new JsonObject { ["call_id"] = "", ["application"] = "m.call", ["scope"] = "m.room" },
            ["sent_ts"] = sentTs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>
    /// Sends <paramref name="content"/> as an Olm-encrypted to-device event of <paramref name="type"/> to one device
    /// (claiming a one-time key and opening a session on first use). Returns when the homeserver accepted it.
    /// </summary>
    public async Task SendEncryptedAsync(string userId, string deviceId, string type, JsonObject content, CancellationToken ct)
    {
        var target = await SessionToAsync(userId, deviceId, ct);
        var payload = new JsonObject
        {
            ["sender"] = Session.UserId,
            ["sender_device"] = Session.DeviceId,
            ["keys"] = new JsonObject { ["ed25519"] = _account.Ed25519Key },
            ["recipient"] = userId,
            ["recipient_keys"] = new JsonObject { ["ed25519"] = target.Ed25519 },
            ["type"] = type,
            ["content"] = content.DeepClone(),
        };
        var message = target.Session.Encrypt(payload.ToJsonString());
        var encrypted = new JsonObject
        {
            ["algorithm"] = OlmAlgorithm,
            ["sender_key"] = _account.Curve25519Key,
            ["ciphertext"] = new JsonObject
            {
                [target.Curve25519] = new JsonObject { ["type"] = (int)message.Type, ["body"] = message.Body },
            },
        };
        await SendToDeviceAsync(userId, deviceId, "m.room.encrypted", encrypted, ct);
    }

    /// <summary>Sends <paramref name="content"/> as a clear (unencrypted) to-device event. Returns when the homeserver accepted it.</summary>
    public Task SendClearAsync(string userId, string deviceId, string type, JsonObject content, CancellationToken ct) =>
        SendToDeviceAsync(userId, deviceId, type, content.DeepClone().AsObject(), ct);

    private Task SendToDeviceAsync(string userId, string deviceId, string type, JsonObject content, CancellationToken ct) =>
        _server.Api.SendAsync(HttpMethod.Put,
            $"/_matrix/client/v3/sendToDevice/{Uri.EscapeDataString(type)}/raw{Interlocked.Increment(ref _txn)}-{Environment.ProcessId}",
            Session, new JsonObject { ["messages"] = new JsonObject { [userId] = new JsonObject { [deviceId] = content } } }, ct);

    private async Task<(Session Session, string Curve25519, string Ed25519)> SessionToAsync(string userId, string deviceId,
        CancellationToken ct)
    {
        var id = $"{userId}|{deviceId}";
        if (_sessions.TryGetValue(id, out var known)) return known;
        var query = await _server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/query", Session,
            new JsonObject { ["device_keys"] = new JsonObject { [userId] = new JsonArray(deviceId) } }, ct);
        var keys = query["device_keys"]?[userId]?[deviceId]?["keys"]
            ?? throw new InvalidOperationException($"{userId}/{deviceId} has no device keys on {_server.Name}: {query.ToJsonString()}");
        var claim = await _server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/claim", Session,
            new JsonObject { ["one_time_keys"] = new JsonObject { [userId] = new JsonObject { [deviceId] = "signed_curve25519" } } }, ct);
        var otk = (claim["one_time_keys"]?[userId]?[deviceId] as JsonObject)?.FirstOrDefault().Value?["key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"no one-time key of {userId}/{deviceId} to claim: {claim.ToJsonString()}");
        var curve = keys[$"curve25519:{deviceId}"]!.GetValue<string>();
        var opened = (_account.CreateOutboundSession(curve, otk), curve, keys[$"ed25519:{deviceId}"]!.GetValue<string>());
        _sessions[id] = opened;
        return opened;
    }

    private JsonObject Signed(JsonObject value)
    {
        var signature = _account.Sign(CanonicalJson(value));
        value["signatures"] = new JsonObject { [Session.UserId] = new JsonObject { [$"ed25519:{Session.DeviceId}"] = signature } };
        return value;
    }

    private static string CanonicalJson(JsonNode? node) => Sorted(node)?.ToJsonString(Canonical) ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (session, _, _) in _sessions.Values) session.Dispose();
        _account.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"raw {Session.UserId}/{Session.DeviceId}";
}
