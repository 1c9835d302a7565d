using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Waiting;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// Clients that log in through OAuth 2.0 (MSC2964/2965/2966/2967) on an <see cref="AuthDeployment"/>: a js client
/// (matrix-js-sdk's own OAuth support) whose login page is driven like a user would, in the device's browser context.
/// Only the auth server STAND-IN's login page is automated, so results are never MAS conformance. Also the
/// OAuth-only operations on such a client: its refresh state, logout by revocation, and a cross-signing reset
/// approved at the auth server (the <c>m.oauth</c> stage).
/// </summary>
public static class OAuthClients
{
    /// <summary>
    /// Registers a fresh user for <paramref name="actor"/> at the auth server (unique localpart, random password),
    /// logs it in through OAuth with a js client on hs1 and starts it. Returns once the client is started (keys
    /// uploaded, first sync done), wrapped in a <see cref="LoggedClient"/> when <paramref name="options"/> carry artefacts.
    /// </summary>
    public static async Task<IClient> LoginAsync(AuthDeployment auth, string actor, ClientOptions? options = null,
        CancellationToken ct = default)
    {
        var localpart = HomeserverHandle.UniqueLocalpart(actor);
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        await auth.RegisterUserAsync(localpart, password, ct).ConfigureAwait(false);
        return await StartAsync(auth, actor, localpart, password, options, ct).ConfigureAwait(false);
    }

    /// <summary>Logs <paramref name="existing"/>'s user in again through OAuth, as a new js device, and starts it.</summary>
    public static Task<IClient> LoginNewDeviceAsync(AuthDeployment auth, IClient existing, ClientOptions? options = null,
        CancellationToken ct = default)
    {
        var session = JsOf(existing).Session;
        return StartAsync(auth, existing.Actor, session.Localpart, session.Password,
            (options ?? new()) with { SyncMode = options?.SyncMode ?? existing.SyncMode }, ct);
    }

    /// <summary>
    /// Logs a new js device of <paramref name="existing"/>'s user in by QR code (MSC4108): the new device shows a
    /// code, <paramref name="existing"/> scans it, the user approves the new device at the auth server in the
    /// existing device's browser, and the existing device sends the secrets over the secure channel. The new device
    /// is then started, imports the secrets and restores room keys from key backup. <paramref name="existing"/> must
    /// be a js client with cross-signing and key backup set up.
    /// </summary>
    public static async Task<QrLogin> LoginWithQrCodeAsync(AuthDeployment auth, IClient existing, ClientOptions? options = null,
        CancellationToken ct = default)
    {
        RequireStandIn(auth);
        var js = JsOf(existing);
        var host = await BrowserHost.ForAsync(auth.Deployment.Homeservers).ConfigureAwait(false);
        var (context, session, channel) = await JsQrLogin.LoginAsync(host, auth.Homeserver, js, ct).ConfigureAwait(false);
        var client = await StartInContextAsync(host, auth, existing.Actor, session, context, [],
            (options ?? new()) with { SyncMode = options?.SyncMode ?? existing.SyncMode }, ct).ConfigureAwait(false);
        try
        {
            var imported = (await JsOf(client).InvokeAsync("qrLoginImportSecrets", null, ct).ConfigureAwait(false))!;
            return new QrLogin(client, channel, imported["crossSigningReady"]!.GetValue<bool>(),
                imported["hasBackupKey"]!.GetValue<bool>(), imported["imported"]!.GetValue<int>());
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The client's OAuth session as its driver sees it (refreshes so far, expiry, whether it ended).</summary>
    public static async Task<OAuthStatus> GetOAuthStatusAsync(this IClient client, CancellationToken ct = default)
    {
        var r = (await JsOf(client).InvokeAsync("oauthStatus", null, ct).ConfigureAwait(false))!;
        return new OAuthStatus(
            r["refreshes"]!.GetValue<int>(),
            r["expiresAt"]?.GetValue<double>() is { } at ? DateTimeOffset.FromUnixTimeMilliseconds((long)at) : null,
            r["refreshConfigured"]!.GetValue<bool>(),
            r["loggedOut"] is JsonObject ended ? ended["errcode"]?.GetValue<string>() ?? "" : null);
    }

    /// <summary>
    /// Returns once the client's SDK has refreshed its access token more than <paramref name="refreshesBefore"/>
    /// times; throws with the last status seen otherwise.
    /// </summary>
    public static async Task<OAuthStatus> WaitForTokenRefreshAsync(this IClient client, int refreshesBefore, TimeSpan timeout,
        CancellationToken ct = default)
    {
        try
        {
            return await Eventually.SatisfiesAsync($"{client} refreshes its access token (after {refreshesBefore} refreshes)", timeout,
                c => client.GetOAuthStatusAsync(c),
                s => s.Refreshes > refreshesBefore ? null : $"{s.Refreshes} refreshes, session ended: {s.EndedWith ?? "no"}",
                ct, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    /// <summary>
    /// Whether hs1 still accepts the access token the client got at login (<c>GET /account/whoami</c>): false once
    /// the auth server says it expired or was revoked (hs1 answers 401 <c>M_UNKNOWN_TOKEN</c>).
    /// </summary>
    public static async Task<bool> LoginTokenAcceptedAsync(this IClient client, AuthDeployment auth, CancellationToken ct = default)
    {
        try
        {
            await auth.Homeserver.DirectApi.SendAsync(HttpMethod.Get, "/_matrix/client/v3/account/whoami", JsOf(client).Session, null, ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (Http.MatrixApiException e) when (e.Status == HttpStatusCode.Unauthorized && e.ErrorCode == "M_UNKNOWN_TOKEN")
        {
            return false;
        }
    }

    /// <summary>
    /// Logs the client out the OAuth way: its SDK revokes the access and refresh tokens at the auth server, which
    /// ends the session and deletes the device in the homeserver. The client is not stopped first, so its crypto
    /// store stays open; its sync ends at its next request.
    /// </summary>
    public static Task LogoutByRevocationAsync(this IClient client, CancellationToken ct = default) =>
        JsOf(client).InvokeAsync("oauthLogout", null, ct);

    /// <summary>
    /// Replaces the client's cross-signing identity the way a user of a delegated-auth homeserver does: the key
    /// upload is answered with the <c>m.oauth</c> stage (MSC4312); the user opens its URL (the auth server's account
    /// page) in a tab of the device's browser, signs in and approves; the client then retries and the new identity
    /// is uploaded. Throws if the homeserver asked for no approval, or the identity was not replaced.
    /// </summary>
    public static async Task<OAuthIdentityReset> ResetIdentityThroughAccountPageAsync(this IClient client, CancellationToken ct = default)
    {
        var js = JsOf(client);
        var started = (await js.InvokeAsync("oauthResetIdentityStart", null, ct).ConfigureAwait(false))!;
        if (started["approvalNeeded"]?.GetValue<bool>() != true)
            throw new ExpectationFailedException(
                $"{client}: the homeserver let the cross-signing identity be replaced without the m.oauth stage: {started.ToJsonString()}");
        var url = new Uri(started["url"]!.GetValue<string>());
        var stages = started["stages"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        await ApproveAtAccountPageAsync(js, url, ct).ConfigureAwait(false);
        var done = (await js.InvokeAsync("oauthResetIdentityContinue", null, ct).ConfigureAwait(false))!;
        return new OAuthIdentityReset(url, stages, started["previousMasterKey"]?.GetValue<string>(), done["masterKey"]!.GetValue<string>());
    }

    private static async Task ApproveAtAccountPageAsync(JsSdkBrowserClient js, Uri url, CancellationToken ct)
    {
        var context = js.Context ?? throw new InvalidOperationException($"{js} has no browser context (not started).");
        var tab = await BrowserHost.StepAsync($"opening a tab in {js.Actor}'s browser for the account page", Timeouts.Request,
            () => context.NewPageAsync(), ct).ConfigureAwait(false);
        try
        {
            await BrowserHost.StepAsync("opening the stand-in's account page", Timeouts.Request,
                () => tab.GotoAsync(url.ToString(), new() { Timeout = 0 }), ct,
                $"the auth server stand-in answers at {url.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            if (await BrowserHost.StepAsync("reading the account page", Timeouts.Request, () => tab.Locator("#stand-in").CountAsync(), ct)
                    .ConfigureAwait(false) == 0)
                throw new InvalidOperationException($"The account page at {url.GetLeftPart(UriPartial.Path)} is not the auth server " +
                                                    "stand-in's; only the stand-in's account page is automated.");
            await JsOAuthLogin.FillAndSubmitAsync(tab, "the account page",
                [("input[name=standin_username]", js.Session.Localpart), ("input[name=standin_password]", js.Session.Password)], ct)
                .ConfigureAwait(false);
            await BrowserHost.StepAsync("waiting for the account page's outcome", Timeouts.Request,
                () => tab.Locator("#done, #error").First.WaitForAsync(new() { Timeout = 0 }), ct,
                "the stand-in's account page POST and hs1's allow_cross_signing_reset answer").ConfigureAwait(false);
            await JsOAuthLogin.SettleAsync(tab, ct).ConfigureAwait(false);
            if (await tab.Locator("#error").CountAsync().ConfigureAwait(false) > 0)
                throw new ExpectationFailedException($"{js}: approving the identity reset at {url} failed: " +
                                                     await tab.Locator("#error").InnerTextAsync().ConfigureAwait(false));
        }
        finally
        {
            await BrowserHost.ClosePageAsync(tab, $"{js.Actor}'s account-page tab").ConfigureAwait(false);
        }
    }

    private static void RequireStandIn(AuthDeployment auth)
    {
        if (auth.Mode != AuthMode.StandIn)
            throw new NotSupportedException(
                $"OAuth clients drive the auth server STAND-IN's pages only; {auth.Mode} login pages are not automated.");
        if (!JsSdkBrowserClient.IsAvailable)
            throw new InvalidOperationException("The js client kind is not set up: run `./complement setup` (browser and bundle).");
    }

    private static async Task<IClient> StartAsync(AuthDeployment auth, string actor, string localpart, string password,
        ClientOptions? options, CancellationToken ct)
    {
        RequireStandIn(auth);
        var host = await BrowserHost.ForAsync(auth.Deployment.Homeservers).ConfigureAwait(false);
        var (context, session, console) = await JsOAuthLogin.LoginAsync(host, auth.Homeserver, localpart, password, ct).ConfigureAwait(false);
        return await StartInContextAsync(host, auth, actor, session, context, console, options ?? new(), ct).ConfigureAwait(false);
    }

    private static async Task<IClient> StartInContextAsync(BrowserHost host, AuthDeployment auth, string actor, Http.MatrixSession session,
        IBrowserContext context, IReadOnlyList<string> console, ClientOptions options, CancellationToken ct)
    {
        var js = JsSdkBrowserClient.CreateInContext(host, actor, auth.Homeserver, session, options, context);
        foreach (var line in console) js.Log(line);
        return await ClientFactory.LogAndStartAsync(js, options, ct).ConfigureAwait(false);
    }

    private static JsSdkBrowserClient JsOf(IClient client) => client switch
    {
        LoggedClient logged => JsOf(logged.Inner),
        JsSdkBrowserClient js => js,
        _ => throw new ArgumentException($"{client} is not a js client that logged in through {nameof(OAuthClients)}."),
    };
}

/// <summary>A client's OAuth session as its driver sees it.</summary>
/// <param name="Refreshes">How many times the SDK refreshed the access token.</param>
/// <param name="ExpiresAt">When the current access token expires, if the auth server said.</param>
/// <param name="RefreshConfigured">The SDK holds a refresh token and the OAuth client id (it can refresh and revoke).</param>
/// <param name="EndedWith">The error code with which the SDK saw the session end (<c>M_UNKNOWN_TOKEN</c>), or null while it lasts.</param>
public sealed record OAuthStatus(int Refreshes, DateTimeOffset? ExpiresAt, bool RefreshConfigured, string? EndedWith);

/// <summary>A cross-signing reset approved at the auth server.</summary>
/// <param name="ApprovalUrl">The <c>m.oauth</c> stage's URL the homeserver pointed the user to.</param>
/// <param name="Stages">The stages the homeserver offered (<c>m.oauth</c>, and the unstable name).</param>
/// <param name="PreviousMasterKey">The master key before the reset.</param>
/// <param name="MasterKey">The new master key.</param>
public sealed record OAuthIdentityReset(Uri ApprovalUrl, IReadOnlyList<string> Stages, string? PreviousMasterKey, string MasterKey);
