using System.Security.Cryptography;
using System.Text;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// A raw OAuth 2.0 client of the Matrix auth flows (MSC2964 authorization code with PKCE, MSC2965 discovery through
/// the homeserver, MSC2966 dynamic registration, MSC2967 scopes, RFC 8628 device grant, RFC 7009 revocation), over
/// plain HTTP. It fills the stand-in's login form itself, so it works only against the STAND-IN's login page.
/// </summary>
public sealed class RawOAuthClient(HttpClient http, JsonObject metadata, string clientId, Uri redirectUri)
{
    /// <summary>The auth server metadata the client was built from.</summary>
    public JsonObject Metadata { get; } = metadata;

    /// <summary>The registered client id.</summary>
    public string ClientId { get; } = clientId;

    /// <summary>
    /// Discovers the auth server through <paramref name="homeserver"/>'s <c>/_matrix/client/v1/auth_metadata</c> and
    /// registers a public client with <paramref name="redirectUri"/>. <paramref name="http"/> must not follow redirects.
    /// </summary>
    public static async Task<RawOAuthClient> RegisterAsync(HttpClient http, Uri homeserver, Uri redirectUri, CancellationToken ct = default)
    {
        var metadata = await GetJsonAsync(http, new Uri(homeserver, "_matrix/client/v1/auth_metadata"), ct).ConfigureAwait(false);
        var registration = new JsonObject
        {
            ["client_name"] = "Matrix.Complement raw OAuth client",
            ["client_uri"] = "https://matrix-complement.invalid/",
            ["application_type"] = "native",
            ["redirect_uris"] = new JsonArray(redirectUri.ToString()),
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"),
            ["response_types"] = new JsonArray("code"),
            ["token_endpoint_auth_method"] = "none",
        };
        var answer = await SendAsync(http, HttpMethod.Post, Endpoint(metadata, "registration_endpoint"),
            new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json"), ct).ConfigureAwait(false);
        return new RawOAuthClient(http, metadata, answer["client_id"]!.GetValue<string>(), redirectUri);
    }

    /// <summary>
    /// The authorization code flow with PKCE (S256): opens the authorization URL, signs in on the login page with
    /// <paramref name="username"/> and <paramref name="password"/>, checks <c>state</c> and redeems the code.
    /// </summary>
    public async Task<OAuthTokens> LoginAsync(string username, string password, string? deviceId = null, CancellationToken ct = default)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(12));
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = Scope(deviceId),
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["response_mode"] = "query",
        };
        var authorize = new Uri(Endpoint(Metadata, "authorization_endpoint") + "?" + Form(query));
        using (var page = await http.GetAsync(authorize, ct).ConfigureAwait(false))
        {
            var html = await page.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (page.StatusCode != HttpStatusCode.OK || !html.Contains("STAND-IN", StringComparison.Ordinal))
                throw new HttpRequestException($"The authorization page answered {(int)page.StatusCode}: {Short(html)}");
        }
        var form = new Dictionary<string, string>(query) { ["standin_username"] = username, ["standin_password"] = password };
        using var submitted = await http.PostAsync(Endpoint(Metadata, "authorization_endpoint"), new FormUrlEncodedContent(form), ct).ConfigureAwait(false);
        var location = submitted.Headers.Location;
        if (submitted.StatusCode != HttpStatusCode.Found || location is null)
            throw new HttpRequestException($"Signing in answered {(int)submitted.StatusCode} instead of a redirect: " +
                                           Short(await submitted.Content.ReadAsStringAsync(ct).ConfigureAwait(false)));
        var parameters = System.Web.HttpUtility.ParseQueryString(location.Query);
        if (parameters["state"] != state) throw new HttpRequestException($"The redirect carried state '{parameters["state"]}', not '{state}'.");
        var code = parameters["code"] ?? throw new HttpRequestException($"The redirect carried no code: {location}");
        return await TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["client_id"] = ClientId,
            ["code_verifier"] = verifier,
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Exchanges a refresh token for new tokens.</summary>
    public Task<OAuthTokens> RefreshAsync(string refreshToken, CancellationToken ct = default) => TokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = ClientId,
    }, ct);

    /// <summary>Revokes a token (RFC 7009).</summary>
    public async Task RevokeAsync(string token, string tokenTypeHint, CancellationToken ct = default) =>
        await SendAsync(http, HttpMethod.Post, Endpoint(Metadata, "revocation_endpoint"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
            ["client_id"] = ClientId,
        }), ct).ConfigureAwait(false);

    /// <summary>Starts the device authorization grant; returns the device code answer (user code, verification URI).</summary>
    public Task<JsonObject> StartDeviceAuthorizationAsync(string? deviceId = null, CancellationToken ct = default) =>
        SendAsync(http, HttpMethod.Post, Endpoint(Metadata, "device_authorization_endpoint"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = ClientId, ["scope"] = Scope(deviceId) }), ct);

    /// <summary>Approves a user code on the stand-in's device-link page, as the user on their other device would.</summary>
    public async Task ApproveDeviceAsync(Uri verificationUri, string userCode, string username, string password, CancellationToken ct = default)
    {
        using var answer = await http.PostAsync(verificationUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = userCode,
            ["standin_username"] = username,
            ["standin_password"] = password,
        }), ct).ConfigureAwait(false);
        if (answer.StatusCode != HttpStatusCode.Found)
            throw new HttpRequestException($"Approving the device answered {(int)answer.StatusCode}: " +
                                           Short(await answer.Content.ReadAsStringAsync(ct).ConfigureAwait(false)));
    }

    /// <summary>Polls the token endpoint once with a device code (throws with the OAuth error while pending).</summary>
    public Task<OAuthTokens> PollDeviceTokenAsync(string deviceCode, CancellationToken ct = default) => TokenAsync(new Dictionary<string, string>
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
        ["device_code"] = deviceCode,
        ["client_id"] = ClientId,
    }, ct);

    private async Task<OAuthTokens> TokenAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        var answer = await SendAsync(http, HttpMethod.Post, Endpoint(Metadata, "token_endpoint"), new FormUrlEncodedContent(form), ct).ConfigureAwait(false);
        var access = answer["access_token"]!.GetValue<string>();
        var refresh = answer["refresh_token"]?.GetValue<string>();
        Redaction.Register(access);
        if (refresh is not null) Redaction.Register(refresh);
        var expires = answer["expires_in"]?.GetValue<long>() is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return new OAuthTokens(access, refresh, expires, answer["scope"]?.GetValue<string>() ?? "");
    }

    private static string Scope(string? deviceId) =>
        $"openid {MatrixScopes.ClientApi} {MatrixScopes.Device(deviceId ?? MatrixScopes.NewDeviceId())}";

    private static Uri Endpoint(JsonObject metadata, string name) =>
        new(metadata[name]?.GetValue<string>() ?? throw new HttpRequestException($"The auth server metadata has no {name}."));

    private static async Task<JsonObject> GetJsonAsync(HttpClient http, Uri url, CancellationToken ct) =>
        await SendAsync(http, HttpMethod.Get, url, null, ct).ConfigureAwait(false);

    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, Uri url, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new OAuthException($"{method} {url.AbsolutePath} answered {(int)response.StatusCode}: {Short(text)}",
                TryError(text), response.StatusCode);
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    private static string? TryError(string text)
    {
        try { return JsonNode.Parse(text)?["error"]?.GetValue<string>(); }
        catch (JsonException) { return null; }
    }

    private static string Form(Dictionary<string, string> values) =>
        string.Join('&', values.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Short(string text) => Redaction.Redact(text.Length <= 400 ? text : text[..400] + "…");
}
