using Matrix.Complement.Harness.Auth;
using Matrix.Complement.Harness.Auth.StandIn;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Auth;

/// <summary>
/// Synapse in MAS mode against the offline auth server STAND-IN (issue 10 item 2), over raw HTTP: discovery passed
/// through as auth metadata, the authorization code flow with PKCE and dynamic registration, refresh, revocation,
/// the device authorization grant and the cross-signing reset's <c>m.oauth</c> stage. These check the stand-in and
/// Synapse's side of the contract; they are not MAS conformance.
/// </summary>
[Category("Docker"), Msc(2964), Msc(2965), Msc(2966), Msc(2967)]
public sealed class AuthServerStandInTests
{
    private static readonly Uri RedirectUri = new("http://127.0.0.1/oauth-callback");
    private AuthDeployment? _auth;
    private HttpClient? _http;

    private AuthDeployment Auth => _auth!;

    private ClientServerApi Api => Auth.Homeserver.DirectApi;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var cts = new CancellationTokenSource(Timeouts.ContainerStart * 2);
        _auth = await AuthDeployment.StartWithStandInAsync(ct: cts.Token);
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = Timeouts.Request,
        };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_auth is not null) await _auth.DisposeAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task Auth_metadata_passes_the_stand_in_discovery_through(CancellationToken ct)
    {
        var metadata = await Api.SendAsync(HttpMethod.Get, "/_matrix/client/v1/auth_metadata", null, null, ct);

        Assert.That(metadata["issuer"]?.GetValue<string>(), Is.EqualTo(Auth.StandIn!.BaseUrl.ToString()));
        Assert.That(metadata["account_management_uri"]?.GetValue<string>(), Is.EqualTo(Auth.StandIn!.AccountManagementUri.ToString()));
        Assert.That(metadata["service_documentation"]?.GetValue<string>(), Is.EqualTo(AuthServerStandIn.ServiceDocumentation));
        Assert.That(metadata["registration_endpoint"], Is.Not.Null, "MSC2966 registration endpoint relayed");
        Assert.That(metadata["code_challenge_methods_supported"]?.AsArray().Select(m => m?.GetValue<string>()), Does.Contain("S256"));
    }

    [Test, CancelAfter(60_000)]
    public async Task Authorization_code_with_PKCE_yields_a_token_for_the_requested_device(CancellationToken ct)
    {
        // Given
        var (client, user, password) = await NewUserAndClientAsync("alice", ct);

        // When
        var tokens = await client.LoginAsync(user, password, "ALICEDEV01", ct);

        // Then
        var whoami = await WhoAmIAsync(tokens, ct);
        Assert.That(whoami["user_id"]?.GetValue<string>(), Is.EqualTo($"@{user}:hs1"));
        Assert.That(whoami["device_id"]?.GetValue<string>(), Is.EqualTo("ALICEDEV01"));
        Assert.That(tokens.RefreshToken, Is.Not.Null, "a refresh token is issued with the access token");
    }

    [Test, CancelAfter(60_000)]
    public async Task Introspection_answers_with_the_fields_Synapse_requires(CancellationToken ct)
    {
        // Given
        var (client, user, password) = await NewUserAndClientAsync("frank", ct);
        var tokens = await client.LoginAsync(user, password, "FRANKDEV01", ct);

        // When
        var answer = await IntrospectAsync(tokens.AccessToken, Auth.StandIn!.SharedSecret, ct);
        var wrongSecret = await IntrospectRawAsync(tokens.AccessToken, "not-the-secret", ct);

        // Then
        Assert.That(answer["active"]?.GetValue<bool>(), Is.True, answer.ToJsonString());
        Assert.That(answer["username"]?.GetValue<string>(), Is.EqualTo(user));
        Assert.That(answer["device_id"]?.GetValue<string>(), Is.EqualTo("FRANKDEV01"));
        Assert.That(answer["scope"]?.GetValue<string>().Split(' '),
            Does.Contain(MatrixScopes.ClientApi).And.Contain(MatrixScopes.Device("FRANKDEV01")));
        Assert.That(answer["expires_in"]?.GetValue<long>(), Is.GreaterThan(0));
        Assert.That(wrongSecret, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_wrong_password_on_the_login_page_is_refused(CancellationToken ct)
    {
        var (client, user, _) = await NewUserAndClientAsync("mallory", ct);

        var refused = Assert.ThrowsAsync<HttpRequestException>(() => client.LoginAsync(user, "not-the-password", ct: ct));

        Assert.That(refused!.Message, Does.Contain("401"));
    }

    [Test, CancelAfter(60_000)]
    public async Task Refresh_yields_a_new_token_that_works_on_the_same_device(CancellationToken ct)
    {
        // Given
        var (client, user, password) = await NewUserAndClientAsync("bob", ct);
        var first = await client.LoginAsync(user, password, ct: ct);

        // When
        var second = await client.RefreshAsync(first.RefreshToken!, ct);

        // Then
        Assert.That(second.AccessToken, Is.Not.EqualTo(first.AccessToken));
        var whoami = await WhoAmIAsync(second, ct);
        Assert.That(whoami["device_id"]?.GetValue<string>(), Is.EqualTo(first.DeviceId));
    }

    [Test, CancelAfter(60_000)]
    public async Task Revocation_makes_the_token_fail_and_removes_the_device(CancellationToken ct)
    {
        // Given: two sessions of one user, the first used once (so Synapse caches its introspection)
        var (client, user, password) = await NewUserAndClientAsync("carol", ct);
        var doomed = await client.LoginAsync(user, password, ct: ct);
        var other = await client.LoginAsync(user, password, ct: ct);
        await WhoAmIAsync(doomed, ct);

        // When
        await client.RevokeAsync(doomed.RefreshToken!, "refresh_token", ct);

        // Then
        var failed = Assert.ThrowsAsync<MatrixApiException>(() => WhoAmIAsync(doomed, ct));
        Assert.That(failed!.Status, Is.EqualTo(HttpStatusCode.Unauthorized), failed.Message);
        var devices = await Api.SendAsync(HttpMethod.Get, "/_matrix/client/v3/devices", Session(other, user), null, ct);
        Assert.That(devices["devices"]!.AsArray().Select(d => d?["device_id"]?.GetValue<string>()),
            Does.Not.Contain(doomed.DeviceId).And.Contain(other.DeviceId));
    }

    [Test, CancelAfter(60_000)]
    public async Task The_device_authorization_grant_yields_a_working_token(CancellationToken ct)
    {
        // Given
        var (client, user, password) = await NewUserAndClientAsync("dave", ct);
        var started = await client.StartDeviceAuthorizationAsync("DAVETV0001", ct);
        var deviceCode = started["device_code"]!.GetValue<string>();
        var pending = Assert.ThrowsAsync<OAuthException>(() => client.PollDeviceTokenAsync(deviceCode, ct));
        Assert.That(pending!.Error, Is.EqualTo("authorization_pending"));

        // When
        await client.ApproveDeviceAsync(new Uri(started["verification_uri"]!.GetValue<string>()),
            started["user_code"]!.GetValue<string>(), user, password, ct);
        var tokens = await client.PollDeviceTokenAsync(deviceCode, ct);

        // Then
        var whoami = await WhoAmIAsync(tokens, ct);
        Assert.That(whoami["device_id"]?.GetValue<string>(), Is.EqualTo("DAVETV0001"));
    }

    [Test, CancelAfter(60_000), Msc(3967)]
    public async Task Cross_signing_reset_asks_for_the_oauth_stage_and_succeeds_once_allowed(CancellationToken ct)
    {
        // Given: a first master key, uploaded without UIA
        var (client, user, password) = await NewUserAndClientAsync("erin", ct);
        var session = Session(await client.LoginAsync(user, password, ct: ct), user);
        await UploadMasterKeyAsync(session, ct);

        // When: replacing it
        var (status, uia) = await UploadMasterKeyRawAsync(session, ct);

        // Then: the m.oauth stage points at the account page; once allowed the reset goes through
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), uia.ToJsonString());
        Assert.That(uia["flows"]!.AsArray().SelectMany(f => f!["stages"]!.AsArray()).Select(s => s!.GetValue<string>()),
            Does.Contain("m.oauth"), uia.ToJsonString());
        Assert.That(uia["params"]?["m.oauth"]?["url"]?.GetValue<string>(),
            Is.EqualTo(Auth.StandIn!.AccountManagementUri + "?action=org.matrix.cross_signing_reset"));
        await Auth.StandIn!.AllowCrossSigningResetAsync(user, ct);
        await UploadMasterKeyAsync(session, ct);
    }

    [Test, CancelAfter(60_000), Msc(4312)]
    public async Task The_account_page_approves_a_cross_signing_reset_only_with_the_users_credentials(CancellationToken ct)
    {
        // Given: a first master key, and a replacement refused with the m.oauth stage
        var (client, user, password) = await NewUserAndClientAsync("grace", ct);
        var session = Session(await client.LoginAsync(user, password, ct: ct), user);
        await UploadMasterKeyAsync(session, ct);
        var (refused, uia) = await UploadMasterKeyRawAsync(session, ct);
        Assert.That(refused, Is.EqualTo(HttpStatusCode.Unauthorized), uia.ToJsonString());
        var page = new Uri(uia["params"]!["m.oauth"]!["url"]!.GetValue<string>());

        // When: the user opens the page, then confirms with a wrong and then the right password
        using var shown = await _http!.GetAsync(page, ct);
        var wrong = await PostAccountAsync(user, "not-the-password", ct);
        var right = await PostAccountAsync(user, password, ct);

        // Then
        Assert.That(await shown.Content.ReadAsStringAsync(ct), Does.Contain("org.matrix.cross_signing_reset").And.Contain("STAND-IN"));
        Assert.That(wrong.Status, Is.EqualTo(HttpStatusCode.Unauthorized), wrong.Html);
        Assert.That(right.Status, Is.EqualTo(HttpStatusCode.OK), right.Html);
        Assert.That(right.Html, Does.Contain("id=\"done\""));
        await UploadMasterKeyAsync(session, ct);
    }

    [Test, CancelAfter(60_000)]
    public async Task Web_clients_may_call_registration_token_and_revocation_cross_origin(CancellationToken ct)
    {
        foreach (var endpoint in new[] { "oauth2/registration", "oauth2/token", "oauth2/revoke" })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(Auth.StandIn!.BaseUrl, endpoint));
            preflight.Headers.Add("Origin", "http://127.0.0.1:9999");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var answer = await _http!.SendAsync(preflight, ct);

            Assert.That((int)answer.StatusCode, Is.InRange(200, 299), endpoint);
            Assert.That(answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) ? origins : [], Does.Contain("*"), endpoint);
        }
    }

    private async Task<(HttpStatusCode Status, string Html)> PostAccountAsync(string user, string password, CancellationToken ct)
    {
        using var answer = await _http!.PostAsync(Auth.StandIn!.AccountManagementUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "org.matrix.cross_signing_reset",
            ["standin_username"] = user,
            ["standin_password"] = password,
        }), ct);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(ct));
    }

    private async Task<(RawOAuthClient Client, string User, string Password)> NewUserAndClientAsync(string actor, CancellationToken ct)
    {
        var user = $"{actor}-{Guid.NewGuid().ToString("N")[..8]}";
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        await Auth.StandIn!.RegisterUserAsync(user, password, ct);
        var client = await RawOAuthClient.RegisterAsync(_http!, Auth.Homeserver.DirectClientBaseUrl, RedirectUri, ct);
        return (client, user, password);
    }

    private async Task<JsonObject> IntrospectAsync(string token, string secret, CancellationToken ct)
    {
        using var request = IntrospectionRequest(token, secret);
        using var response = await _http!.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<HttpStatusCode> IntrospectRawAsync(string token, string secret, CancellationToken ct)
    {
        using var request = IntrospectionRequest(token, secret);
        using var response = await _http!.SendAsync(request, ct);
        return response.StatusCode;
    }

    private HttpRequestMessage IntrospectionRequest(string token, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Auth.StandIn!.BaseUrl, "oauth2/introspect"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return request;
    }

    private Task<JsonObject> WhoAmIAsync(OAuthTokens tokens, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Get, "/_matrix/client/v3/account/whoami", Session(tokens, "unknown"), null, ct);

    private static MatrixSession Session(OAuthTokens tokens, string localpart) =>
        new($"@{localpart}:hs1", tokens.DeviceId ?? "", tokens.AccessToken, "");

    private Task<JsonObject> UploadMasterKeyAsync(MatrixSession who, CancellationToken ct) =>
        Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/device_signing/upload", who, MasterKeyBody(who), ct);

    private async Task<(HttpStatusCode Status, JsonObject Body)> UploadMasterKeyRawAsync(MatrixSession who, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Api.BaseUrl, "_matrix/client/v3/keys/device_signing/upload"))
        {
            Content = new StringContent(MasterKeyBody(who).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", who.AccessToken);
        using var response = await _http!.SendAsync(request, ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject());
    }

    private static JsonObject MasterKeyBody(MatrixSession who)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=');
        return new JsonObject
        {
            ["master_key"] = new JsonObject
            {
                ["user_id"] = who.UserId,
                ["usage"] = new JsonArray("master"),
                ["keys"] = new JsonObject { [$"ed25519:{key}"] = key },
            },
        };
    }
}
