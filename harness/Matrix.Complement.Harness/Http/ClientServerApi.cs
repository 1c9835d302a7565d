using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Matrix.Complement.Harness.Http;

/// <summary>
/// A small, direct client-server API client for the harness's own use: registering users, admin calls, and the
/// raw send/sync measurements. SDK clients never go through it; it exists so the harness can set up and observe
/// without an SDK in the way.
/// </summary>
public sealed class ClientServerApi(HttpClient http, Uri baseUrl)
{
    private static long _txn;

    /// <summary>The homeserver's client API base URL this instance talks to.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>Registers a user with open registration (<c>m.login.dummy</c>).</summary>
    public async Task<MatrixSession> RegisterAsync(string localpart, string password, string? deviceId = null,
        CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["username"] = localpart,
            ["password"] = password,
            ["auth"] = new JsonObject { ["type"] = "m.login.dummy" },
            ["inhibit_login"] = false,
        };
        if (deviceId is not null) body["device_id"] = deviceId;
        var result = await SendAsync(HttpMethod.Post, "/_matrix/client/v3/register", null, body, ct).ConfigureAwait(false);
        return Session(result, password);
    }

    /// <summary>Registers a user through the shared-secret admin API (Synapse's <c>/_synapse/admin/v1/register</c>).</summary>
    public async Task<MatrixSession> RegisterWithSharedSecretAsync(string localpart, string password, bool admin,
        string sharedSecret = "complement", CancellationToken ct = default)
    {
        var nonce = (await SendAsync(HttpMethod.Get, "/_synapse/admin/v1/register", null, null, ct).ConfigureAwait(false))
            ["nonce"]!.GetValue<string>();
        var mac = SharedSecretMac(sharedSecret, nonce, localpart, password, admin);
        var body = new JsonObject
        {
            ["nonce"] = nonce, ["username"] = localpart, ["password"] = password, ["admin"] = admin, ["mac"] = mac,
        };
        var result = await SendAsync(HttpMethod.Post, "/_synapse/admin/v1/register", null, body, ct).ConfigureAwait(false);
        return Session(result, password);
    }

    /// <summary>The HMAC-SHA1 that Synapse's shared-secret registration expects, as lowercase hex.</summary>
    public static string SharedSecretMac(string secret, string nonce, string user, string password, bool admin)
    {
        var message = $"{nonce}\0{user}\0{password}\0{(admin ? "admin" : "notadmin")}";
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>Logs in with a password, creating a new device (or reusing <paramref name="deviceId"/>).</summary>
    public async Task<MatrixSession> LoginAsync(string localpart, string password, string? deviceId = null,
        CancellationToken ct = default)
    {
        var body = new JsonObject
        {
            ["type"] = "m.login.password",
            ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = localpart },
            ["password"] = password,
        };
        if (deviceId is not null) body["device_id"] = deviceId;
        var result = await SendAsync(HttpMethod.Post, "/_matrix/client/v3/login", null, body, ct).ConfigureAwait(false);
        return Session(result, password);
    }

    /// <summary>Creates a room and returns its id.</summary>
    public async Task<string> CreateRoomAsync(MatrixSession who, JsonObject body, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Post, "/_matrix/client/v3/createRoom", who, body, ct).ConfigureAwait(false))
            ["room_id"]!.GetValue<string>();

    /// <summary>Joins a room, over federation through <paramref name="via"/> servers if given.</summary>
    public async Task JoinAsync(MatrixSession who, string roomId, IEnumerable<string>? via = null, CancellationToken ct = default)
    {
        var query = via is null ? "" : "?" + string.Join("&", via.Select(v => "server_name=" + Uri.EscapeDataString(v)));
        await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/join/{Uri.EscapeDataString(roomId)}{query}", who,
            new JsonObject(), ct).ConfigureAwait(false);
    }

    /// <summary>Sends an <c>m.text</c> message and returns its event id.</summary>
    public async Task<string> SendTextAsync(MatrixSession who, string roomId, string body, CancellationToken ct = default)
    {
        var txn = $"mc{Environment.ProcessId}-{Interlocked.Increment(ref _txn)}";
        var content = new JsonObject { ["msgtype"] = "m.text", ["body"] = body };
        var result = await SendAsync(HttpMethod.Put,
            $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/m.room.message/{txn}", who, content, ct)
            .ConfigureAwait(false);
        return result["event_id"]!.GetValue<string>();
    }

    /// <summary>One <c>/sync</c> v2 call (long-polls for <paramref name="timeoutMs"/> when a token is given).</summary>
    public Task<JsonObject> SyncAsync(MatrixSession who, string? since, int timeoutMs, CancellationToken ct = default)
    {
        var query = $"?timeout={timeoutMs}" + (since is null ? "" : "&since=" + Uri.EscapeDataString(since));
        return SendAsync(HttpMethod.Get, "/_matrix/client/v3/sync" + query, who, null, ct);
    }

    /// <summary>Sends a request and returns the JSON body; throws <see cref="MatrixApiException"/> on an error status.</summary>
    public async Task<JsonObject> SendAsync(HttpMethod method, string pathAndQuery, MatrixSession? who, JsonNode? body,
        CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, pathAndQuery));
        if (who is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who.AccessToken);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new MatrixApiException(method.Method, pathAndQuery.Split('?')[0], response.StatusCode, text);
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    private static MatrixSession Session(JsonObject result, string password)
    {
        var token = result["access_token"]!.GetValue<string>();
        Diagnostics.Redaction.Register(token);
        Diagnostics.Redaction.Register(password);
        return new MatrixSession(result["user_id"]!.GetValue<string>(), result["device_id"]!.GetValue<string>(), token, password);
    }
}
