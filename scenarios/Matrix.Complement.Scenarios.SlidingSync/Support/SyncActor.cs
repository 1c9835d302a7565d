using System.Security.Cryptography;

namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>
/// A user's device on one homeserver, acting through the raw client-server API and syncing through
/// <see cref="SlidingSyncClient"/>. Only the calls the sliding-sync scenarios need.
/// </summary>
public sealed class SyncActor(HomeserverHandle server, MatrixSession session)
{
    private static long _txn;

    /// <summary>The homeserver this device lives on.</summary>
    public HomeserverHandle Server { get; } = server;

    /// <summary>The device's session.</summary>
    public MatrixSession Session { get; } = session;

    /// <summary>The full user id.</summary>
    public string UserId => Session.UserId;

    /// <summary>The device id.</summary>
    public string DeviceId => Session.DeviceId;

    /// <summary>This device's sliding-sync client.</summary>
    public SlidingSyncClient Sync { get; } = new(server.Api, session);

    private ClientServerApi Api => Server.Api;

    /// <summary>Creates a room named after the current test; public rooms can be joined over federation.</summary>
    public Task<string> CreateRoomAsync(string name, CancellationToken ct, bool isPublic = false, params string[] invite)
    {
        var body = new JsonObject
        {
            ["name"] = $"{name} ({TestContext.CurrentContext.Test.Name})",
            ["preset"] = isPublic ? "public_chat" : "private_chat",
            ["invite"] = new JsonArray([.. invite.Select(i => (JsonNode)i)]),
        };
        return Api.CreateRoomAsync(Session, body, ct);
    }

    /// <summary>Sends a text message; returns its event id.</summary>
    public Task<string> SendTextAsync(string roomId, string text, CancellationToken ct) => Api.SendTextAsync(Session, roomId, text, ct);

    /// <summary>Sends <paramref name="count"/> messages; returns their event ids in order.</summary>
    public async Task<IReadOnlyList<string>> SendTextsAsync(string roomId, int count, string prefix, CancellationToken ct)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++) ids.Add(await SendTextAsync(roomId, $"{prefix} {i}", ct).ConfigureAwait(false));
        return ids;
    }

    /// <summary>Joins a room, through <paramref name="via"/> (a logical server name) over federation.</summary>
    public Task JoinAsync(string roomId, CancellationToken ct, string? via = null) =>
        Api.JoinAsync(Session, roomId, via is null ? null : [via], ct);

    /// <summary>Invites a user.</summary>
    public Task InviteAsync(string roomId, string userId, CancellationToken ct) =>
        RoomPost(roomId, "invite", new JsonObject { ["user_id"] = userId }, ct);

    /// <summary>Leaves a room.</summary>
    public Task LeaveAsync(string roomId, CancellationToken ct) => RoomPost(roomId, "leave", [], ct);

    /// <summary>Bans a user from a room.</summary>
    public Task BanAsync(string roomId, string userId, CancellationToken ct) =>
        RoomPost(roomId, "ban", new JsonObject { ["user_id"] = userId, ["reason"] = "sliding-sync scenario" }, ct);

    /// <summary>Sends a read receipt (<c>m.read</c>) for an event.</summary>
    public Task SendReadReceiptAsync(string roomId, string eventId, CancellationToken ct) =>
        RoomPost(roomId, $"receipt/m.read/{Uri.EscapeDataString(eventId)}", [], ct);

    /// <summary>Starts typing in a room for 30 s.</summary>
    public Task StartTypingAsync(string roomId, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/rooms/{Esc(roomId)}/typing/{Esc(UserId)}", Session,
            new JsonObject { ["typing"] = true, ["timeout"] = 30_000 }, ct);

    /// <summary>Sets global account data.</summary>
    public Task SetAccountDataAsync(string type, JsonObject content, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/user/{Esc(UserId)}/account_data/{Esc(type)}", Session, content, ct);

    /// <summary>Sets account data of one room.</summary>
    public Task SetRoomAccountDataAsync(string roomId, string type, JsonObject content, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/user/{Esc(UserId)}/rooms/{Esc(roomId)}/account_data/{Esc(type)}",
            Session, content, ct);

    /// <summary>Sends one to-device message of <paramref name="type"/> to one device.</summary>
    public Task SendToDeviceAsync(string type, string userId, string deviceId, JsonObject content, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/sendToDevice/{Esc(type)}/mc-sss-{Interlocked.Increment(ref _txn)}-{Guid.NewGuid():N}",
            Session, new JsonObject { ["messages"] = new JsonObject { [userId] = new JsonObject { [deviceId] = content } } }, ct);

    /// <summary>
    /// Uploads this device's identity keys (<c>/keys/upload</c> <c>device_keys</c>). The keys are random and
    /// well-formed; the server stores them, no client ever uses them.
    /// </summary>
    public Task UploadDeviceKeysAsync(CancellationToken ct) => UploadKeysAsync(new JsonObject
    {
        ["device_keys"] = new JsonObject
        {
            ["user_id"] = UserId,
            ["device_id"] = DeviceId,
            ["algorithms"] = new JsonArray("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"),
            ["keys"] = new JsonObject { [$"curve25519:{DeviceId}"] = RandomKey(), [$"ed25519:{DeviceId}"] = RandomKey() },
            ["signatures"] = Signatures(),
        },
    }, ct);

    /// <summary>Uploads <paramref name="count"/> <c>signed_curve25519</c> one-time keys.</summary>
    public Task UploadOneTimeKeysAsync(int count, CancellationToken ct)
    {
        var keys = new JsonObject();
        for (var i = 0; i < count; i++) keys[$"signed_curve25519:otk{i}{Guid.NewGuid():N}"[..30]] = SignedKey(fallback: false);
        return UploadKeysAsync(new JsonObject { ["one_time_keys"] = keys }, ct);
    }

    /// <summary>Uploads one <c>signed_curve25519</c> fallback key.</summary>
    public Task UploadFallbackKeyAsync(CancellationToken ct) => UploadKeysAsync(new JsonObject
    {
        ["fallback_keys"] = new JsonObject { ["signed_curve25519:fallback1"] = SignedKey(fallback: true) },
    }, ct);

    /// <summary>Claims one <c>signed_curve25519</c> one-time key of <paramref name="owner"/>'s device.</summary>
    public Task ClaimOneTimeKeyAsync(SyncActor owner, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/claim", Session, new JsonObject
        {
            ["one_time_keys"] = new JsonObject { [owner.UserId] = new JsonObject { [owner.DeviceId] = "signed_curve25519" } },
        }, ct);

    private Task UploadKeysAsync(JsonObject body, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/upload", Session, body, ct);

    private JsonObject SignedKey(bool fallback)
    {
        var key = new JsonObject { ["key"] = RandomKey(), ["signatures"] = Signatures() };
        if (fallback) key["fallback"] = true;
        return key;
    }

    private JsonObject Signatures() => new()
    {
        [UserId] = new JsonObject { [$"ed25519:{DeviceId}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)).TrimEnd('=') },
    };

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=');

    private Task RoomPost(string roomId, string action, JsonObject body, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Esc(roomId)}/{action}", Session, body, ct);

    private static string Esc(string s) => Uri.EscapeDataString(s);

    /// <inheritdoc />
    public override string ToString() => $"{Session} on {Server.Name}";
}
