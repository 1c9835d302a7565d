using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// The OAuth 2.0 login of a js device, in the device's own browser context: the driver page (before <c>start</c>)
/// discovers the auth server through the homeserver, registers a client and builds the authorization URL with
/// matrix-js-sdk's OAuth support; a second tab, as the user's browser, opens that URL, signs in on the auth server
/// STAND-IN's login page and lands on the redirect URI, which the driver page redeems for tokens. The context then
/// belongs to the client (<see cref="JsSdkBrowserClient.CreateInContext"/>), whose driver resumes the session.
/// </summary>
internal static class JsOAuthLogin
{
    private const string Banner = "#stand-in", Username = "input[name=standin_username]",
        Password = "input[name=standin_password]", Continue = "#continue", Error = "#error";

    /// <summary>Logs <paramref name="localpart"/> in; returns the context holding the session and the device's login.</summary>
    public static async Task<(IBrowserContext Context, MatrixSession Session, IReadOnlyList<string> Console)> LoginAsync(
        BrowserHost host, HomeserverHandle server, string localpart, string password, CancellationToken ct)
    {
        var console = new List<string>();
        var context = await host.Browser.NewContextAsync().ConfigureAwait(false);
        try
        {
            var driver = await context.NewPageAsync().ConfigureAwait(false);
            driver.Console += (_, m) => Log(console, $"login {m.Type}: {m.Text}");
            await driver.GotoAsync(host.PageUrl.ToString()).WaitAsync(ct).ConfigureAwait(false);
            await driver.WaitForFunctionAsync("() => window.mxReady === true").WaitAsync(ct).ConfigureAwait(false);
            var begun = await InvokeAsync(driver, "oauthBeginLogin", new { baseUrl = JsSdkBrowserClient.BaseUrlFor(server) }, ct)
                .ConfigureAwait(false);
            var callback = await SignInAsync(context, new Uri(begun["authorizationUrl"]!.GetValue<string>()),
                begun["redirectUri"]!.GetValue<string>(), localpart, password, console, ct).ConfigureAwait(false);
            var done = await InvokeAsync(driver, "oauthCompleteLogin", new { callbackUrl = callback }, ct).ConfigureAwait(false);
            await driver.CloseAsync().ConfigureAwait(false);
            var token = done["accessToken"]!.GetValue<string>();
            Redaction.Register(token);
            if (done["hasRefreshToken"]?.GetValue<bool>() != true)
                throw new ExpectationFailedException($"The auth server issued {localpart} no refresh token with the code grant.");
            var session = new MatrixSession(done["userId"]!.GetValue<string>(), done["deviceId"]!.GetValue<string>(), token, password);
            Network.TrafficLog.Current?.Track(session);
            return (context, session, console);
        }
        catch
        {
            await context.CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// As the user: opens the authorization URL in a new tab, checks it is the stand-in's login page, signs in and
    /// returns the URL the auth server redirected the tab to.
    /// </summary>
    private static async Task<string> SignInAsync(IBrowserContext context, Uri authorizationUrl, string redirectUri,
        string localpart, string password, List<string> console, CancellationToken ct)
    {
        var tab = await context.NewPageAsync().ConfigureAwait(false);
        Task? refused = null;
        try
        {
            // The redirect target is the driver's own origin (a 404 there; only the URL matters). Playwright routes
            // never see the target of a redirect, so the tab's navigation is watched instead.
            var redirected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            tab.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null && frame.Url.StartsWith(redirectUri, StringComparison.Ordinal))
                    redirected.TrySetResult(frame.Url);
            };
            await tab.GotoAsync(authorizationUrl.ToString()).WaitAsync(ct).ConfigureAwait(false);
            if (await tab.Locator(Banner).CountAsync().ConfigureAwait(false) == 0)
                throw new InvalidOperationException(
                    $"The authorization page at {authorizationUrl.GetLeftPart(UriPartial.Path)} is not the auth server stand-in's " +
                    $"(no STAND-IN banner); only the stand-in's login page is automated. Title: {await tab.TitleAsync().ConfigureAwait(false)}");
            await tab.FillAsync(Username, localpart).ConfigureAwait(false);
            await tab.FillAsync(Password, password).ConfigureAwait(false);
            await tab.ClickAsync(Continue).ConfigureAwait(false);
            refused = tab.Locator(Error).WaitForAsync(new() { Timeout = (float)Timeouts.ClientLogin.TotalMilliseconds });
            var first = await Task.WhenAny(redirected.Task, refused).WaitAsync(Timeouts.ClientLogin, ct).ConfigureAwait(false);
            if (first != redirected.Task)
                throw new ExpectationFailedException($"Signing {localpart} in on the stand-in's login page failed: " +
                                                     await tab.Locator(Error).InnerTextAsync().ConfigureAwait(false));
            var url = await redirected.Task.ConfigureAwait(false);
            Log(console, "login tab: redirected to the client with " + Redaction.Redact(new Uri(url).Query.Split('&')[0].Split('=')[0]));
            return url;
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(
                $"Signing {localpart} in: the auth server did not redirect to {redirectUri} within {Timeouts.ClientLogin.TotalSeconds:F0}s " +
                $"(the tab is at {tab.Url}).", e);
        }
        finally
        {
            // The error-banner wait outlives the tab when the redirect won; observe its fault.
            _ = refused?.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            await tab.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs a driver command in a page before the client exists; a driver error becomes an expectation failure.</summary>
    internal static async Task<JsonNode> InvokeAsync(IPage page, string command, object? args, CancellationToken ct)
    {
        var line = await page.EvaluateAsync<string>("c => window.mxDriver.handle(c)", DriverProtocol.EncodeCommand(1, command, args))
            .WaitAsync(ct).ConfigureAwait(false);
        return DriverProtocol.Decode(line) switch
        {
            DriverResult { Result: { } result } => result,
            Clients.Protocol.DriverError e => throw new ExpectationFailedException(
                $"OAuth login: '{command}' failed [{e.Code}]: {e.Message}" + (e.Details is null ? "" : $"\nObserved: {e.Details.ToJsonString()}")),
            var other => throw new DriverProtocolException($"OAuth login: expected a result for '{command}', got {other}"),
        };
    }

    private static void Log(List<string> console, string line)
    {
        lock (console) console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {Redaction.Redact(line)}");
    }
}
