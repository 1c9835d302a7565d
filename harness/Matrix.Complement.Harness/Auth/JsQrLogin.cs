using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// QR login (MSC4108, 2024 version) of a new js device with matrix-js-sdk's rendezvous support: the new device (a
/// driver page before <c>start</c>, in its own browser context) opens a rendezvous on the homeserver and shows a
/// code; the existing device scans it and the two build the secure channel (their check codes must agree); the new
/// device asks for the device authorization grant, which the user approves on the auth server STAND-IN's device
/// page in the existing device's browser; the existing device accepts, the new device gets its tokens, and the
/// existing device sends it the secrets (cross-signing keys, backup key) over the channel.
/// </summary>
internal static class JsQrLogin
{
    /// <summary>Logs a new device of <paramref name="existing"/>'s user in; returns its context and login.</summary>
    public static async Task<(IBrowserContext Context, MatrixSession Session, QrLoginChannel Channel)> LoginAsync(
        BrowserHost host, HomeserverHandle server, JsSdkBrowserClient existing, CancellationToken ct)
    {
        var context = await BrowserHost.StepAsync("opening a browser context for the QR login's new device", Timeouts.Request,
            () => host.Browser.NewContextAsync(), ct).ConfigureAwait(false);
        try
        {
            var driver = await JsOAuthLogin.OpenDriverPageAsync(host, context, "the new device's login driver page", ct).ConfigureAwait(false);
            var baseUrl = JsSdkBrowserClient.BaseUrlFor(server);

            var code = await JsOAuthLogin.InvokeAsync(driver, "qrLoginGenerate", new { baseUrl }, ct).ConfigureAwait(false);
            var scanned = await existing.InvokeAsync("qrLinkScan", new { code = code["code"]!.GetValue<string>() }, ct).ConfigureAwait(false);
            var grant = await JsOAuthLogin.InvokeAsync(driver, "qrLoginRequestGrant", null, ct).ConfigureAwait(false);
            var offered = await existing.InvokeAsync("qrLinkAwaitGrant", null, ct).ConfigureAwait(false);
            var verificationUri = new Uri(offered!["verificationUri"]!.GetValue<string>());
            await ApproveOnDevicePageAsync(existing, verificationUri, grant["userCode"]!.GetValue<string>(), ct).ConfigureAwait(false);
            await existing.InvokeAsync("qrLinkShareSecrets", null, ct).ConfigureAwait(false);
            var done = await JsOAuthLogin.InvokeAsync(driver, "qrLoginComplete", null, ct).ConfigureAwait(false);
            var shared = await existing.InvokeAsync("qrLinkDone", null, ct).ConfigureAwait(false);
            await BrowserHost.ClosePageAsync(driver, "the new device's login driver page", ct).ConfigureAwait(false);

            var token = done["accessToken"]!.GetValue<string>();
            Redaction.Register(token);
            var session = new MatrixSession(done["userId"]!.GetValue<string>(), done["deviceId"]!.GetValue<string>(), token,
                existing.Session.Password);
            Network.TrafficLog.Current?.Track(session);
            var channel = new QrLoginChannel(
                scanned!["checkCode"]?.GetValue<string>(), grant["checkCode"]?.GetValue<string>(), verificationUri,
                done["hasRefreshToken"]?.GetValue<bool>() == true,
                shared!["secretTypes"]!.AsArray().Select(s => s!.GetValue<string>()).ToList());
            return (context, session, channel);
        }
        catch
        {
            await BrowserHost.DiscardContextAsync(context, "the QR login's new device context").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>As the user, on the existing device's browser: the stand-in's device page, the code and the credentials.</summary>
    private static async Task ApproveOnDevicePageAsync(JsSdkBrowserClient existing, Uri verificationUri, string userCode, CancellationToken ct)
    {
        var context = existing.Context ?? throw new InvalidOperationException($"{existing} has no browser context (not started).");
        var tab = await BrowserHost.StepAsync($"opening a tab in {existing.Actor}'s browser for the device page", Timeouts.Request,
            () => context.NewPageAsync(), ct).ConfigureAwait(false);
        try
        {
            await BrowserHost.StepAsync("opening the stand-in's device page", Timeouts.Request,
                () => tab.GotoAsync(verificationUri.ToString(), new() { Timeout = 0 }), ct,
                $"the auth server stand-in answers at {verificationUri.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            if (await BrowserHost.StepAsync("reading the device page", Timeouts.Request, () => tab.Locator("#stand-in").CountAsync(), ct)
                    .ConfigureAwait(false) == 0)
                throw new InvalidOperationException($"The device page at {verificationUri.GetLeftPart(UriPartial.Path)} is not the auth " +
                                                    "server stand-in's; only the stand-in's pages are automated.");
            await JsOAuthLogin.FillAndSubmitAsync(tab, "the device page",
                [("input[name=user_code]", userCode), ("input[name=standin_username]", existing.Session.Localpart),
                 ("input[name=standin_password]", existing.Session.Password)], ct).ConfigureAwait(false);
            await BrowserHost.StepAsync("waiting for the device page's outcome", Timeouts.Request,
                () => tab.WaitForFunctionAsync("() => location.pathname.endsWith('/link/done') || document.getElementById('error') !== null",
                    null, new() { Timeout = 0 }), ct,
                "the device page's POST reached the auth server stand-in, and its upsert_device call to hs1 answered (hs1's log)")
                .ConfigureAwait(false);
            await JsOAuthLogin.SettleAsync(tab, ct).ConfigureAwait(false);
            if (await tab.Locator("#error").CountAsync().ConfigureAwait(false) > 0)
                throw new ExpectationFailedException($"{existing}: approving the new device at {verificationUri} failed: " +
                                                     await tab.Locator("#error").InnerTextAsync().ConfigureAwait(false));
            if (!tab.Url.Contains("/link/done", StringComparison.Ordinal))
                throw new ExpectationFailedException($"{existing}: approving the new device did not reach the done page (at {tab.Url}).");
        }
        finally
        {
            await BrowserHost.ClosePageAsync(tab, $"{existing.Actor}'s device-page tab").ConfigureAwait(false);
        }
    }
}

/// <summary>What a QR login's secure channel carried.</summary>
/// <param name="ExistingCheckCode">The check code the existing device shows.</param>
/// <param name="NewCheckCode">The check code the new device computed (equal when the channel is not intercepted).</param>
/// <param name="VerificationUri">Where the user approved the new device (the auth server's device page).</param>
/// <param name="HasRefreshToken">The new device got a refresh token with its access token.</param>
/// <param name="SecretTypes">The secrets bundle's parts the existing device sent.</param>
public sealed record QrLoginChannel(string? ExistingCheckCode, string? NewCheckCode, Uri VerificationUri, bool HasRefreshToken,
    IReadOnlyList<string> SecretTypes);

/// <summary>A new device logged in by QR code, after it imported the secrets and restored key backup.</summary>
/// <param name="Client">The new device, started.</param>
/// <param name="Channel">What the secure channel carried.</param>
/// <param name="CrossSigningReady">The new device holds the cross-signing private keys.</param>
/// <param name="HasBackupKey">The new device holds the key backup's decryption key.</param>
/// <param name="RestoredKeys">Room keys imported from key backup.</param>
public sealed record QrLogin(IClient Client, QrLoginChannel Channel, bool CrossSigningReady, bool HasBackupKey, int RestoredKeys);
