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
        var context = await BrowserHost.StepAsync($"opening a browser context for {localpart}'s login", Timeouts.Request,
            () => host.Browser.NewContextAsync(), ct).ConfigureAwait(false);
        try
        {
            var driver = await OpenDriverPageAsync(host, context, $"{localpart}'s login driver page", ct).ConfigureAwait(false);
            driver.Console += (_, m) => Log(console, $"login {m.Type}: {m.Text}");
            // The redirect URI is the client's own page, as for a web client: an ordinary document that loads (a
            // missing path would end the login tab on an error page).
            var begun = await InvokeAsync(driver, "oauthBeginLogin",
                new { baseUrl = JsSdkBrowserClient.BaseUrlFor(server), redirectUri = host.PageUrl.ToString() }, ct).ConfigureAwait(false);
            var callback = await SignInAsync(context, new Uri(begun["authorizationUrl"]!.GetValue<string>()),
                begun["redirectUri"]!.GetValue<string>(), localpart, password, console, ct).ConfigureAwait(false);
            var done = await InvokeAsync(driver, "oauthCompleteLogin", new { callbackUrl = callback }, ct).ConfigureAwait(false);
            await BrowserHost.ClosePageAsync(driver, $"{localpart}'s login driver page", ct).ConfigureAwait(false);
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
            await BrowserHost.DiscardContextAsync(context, $"{localpart}'s login context").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the driver page (before <c>start</c>) in <paramref name="context"/> and waits until the driver is ready.</summary>
    internal static async Task<IPage> OpenDriverPageAsync(BrowserHost host, IBrowserContext context, string what, CancellationToken ct)
    {
        var page = await BrowserHost.StepAsync($"opening {what}", Timeouts.Request, () => context.NewPageAsync(), ct).ConfigureAwait(false);
        await host.LoadDriverAsync(page, what, ct).ConfigureAwait(false);
        return page;
    }

    /// <summary>
    /// As the user: opens the authorization URL in a new tab, checks it is the stand-in's login page, signs in and
    /// returns the URL the auth server redirected the tab to. The tab is closed only once the redirect's page has
    /// loaded: closing a tab while a cross-origin navigation commits is acknowledged and then dropped by Chromium,
    /// which left the login waiting for ever (see <see cref="BrowserHost.ClosePageAsync"/>).
    /// </summary>
    private static async Task<string> SignInAsync(IBrowserContext context, Uri authorizationUrl, string redirectUri,
        string localpart, string password, List<string> console, CancellationToken ct)
    {
        var tab = await BrowserHost.StepAsync($"opening the login tab for {localpart}", Timeouts.Request, () => context.NewPageAsync(), ct)
            .ConfigureAwait(false);
        Task? refused = null;
        try
        {
            // The redirect target is the driver's page (only the URL matters). Playwright routes never see the target
            // of a redirect, so the tab's navigation is watched instead.
            var redirected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            tab.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null && frame.Url.StartsWith(redirectUri, StringComparison.Ordinal))
                    redirected.TrySetResult(frame.Url);
            };
            await BrowserHost.StepAsync("opening the stand-in's login page", Timeouts.Request,
                () => tab.GotoAsync(authorizationUrl.ToString(), new() { Timeout = 0 }), ct,
                $"the auth server stand-in answers at {authorizationUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            if (await BrowserHost.StepAsync("reading the login page", Timeouts.Request, () => tab.Locator(Banner).CountAsync(), ct)
                    .ConfigureAwait(false) == 0)
                throw new InvalidOperationException(
                    $"The authorization page at {authorizationUrl.GetLeftPart(UriPartial.Path)} is not the auth server stand-in's " +
                    $"(no STAND-IN banner); only the stand-in's login page is automated. Title: {await tab.TitleAsync().ConfigureAwait(false)}");
            await FillAndSubmitAsync(tab, "the login page", [(Username, localpart), (Password, password)], ct).ConfigureAwait(false);
            refused = tab.Locator(Error).WaitForAsync(new() { Timeout = (float)Timeouts.ClientLogin.TotalMilliseconds });
            Task first;
            try
            {
                first = await Task.WhenAny(redirected.Task, refused).WaitAsync(Timeouts.ClientLogin, ct).ConfigureAwait(false);
            }
            catch (System.TimeoutException e)
            {
                throw new ExpectationFailedException(
                    $"Signing {localpart} in: the auth server did not redirect to {redirectUri} within {Timeouts.ClientLogin.TotalSeconds:F0}s " +
                    $"(the tab is at {tab.Url}).", e);
            }
            if (first != redirected.Task)
                throw new ExpectationFailedException($"Signing {localpart} in on the stand-in's login page failed: " +
                                                     await tab.Locator(Error).InnerTextAsync().ConfigureAwait(false));
            var url = await redirected.Task.ConfigureAwait(false);
            Log(console, "login tab: redirected to the client with " + Redaction.Redact(new Uri(url).Query.Split('&')[0].Split('=')[0]));
            await SettleAsync(tab, ct).ConfigureAwait(false);
            return url;
        }
        finally
        {
            // The error-banner wait outlives the tab when the redirect won; observe its fault.
            _ = refused?.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            await BrowserHost.ClosePageAsync(tab, $"{localpart}'s login tab").ConfigureAwait(false);
        }
    }

    /// <summary>Fills a stand-in form's <paramref name="fields"/> and presses its Continue button, each step within a budget.</summary>
    internal static async Task FillAndSubmitAsync(IPage tab, string page, IReadOnlyList<(string Selector, string Value)> fields,
        CancellationToken ct)
    {
        foreach (var (selector, value) in fields)
            await BrowserHost.StepAsync($"filling {selector} on {page}", Timeouts.Request, () => tab.FillAsync(selector, value), ct,
                $"{page} has the field (the stand-in's page changed?)").ConfigureAwait(false);
        await BrowserHost.StepAsync($"pressing Continue on {page}", Timeouts.Request, () => tab.ClickAsync(Continue), ct,
            $"{page} has a {Continue} button").ConfigureAwait(false);
    }

    /// <summary>
    /// Gives <paramref name="tab"/>'s current navigation up to <see cref="BrowserHost.PageCloseBudget"/> to load, so
    /// closing it next does not race a navigation commit (which Chromium can drop, leaving the close pending for
    /// ever). A page that is still loading then is closed all the same: <see cref="BrowserHost.ClosePageAsync"/>
    /// recovers a dropped close, and the page's content no longer matters.
    /// </summary>
    internal static async Task SettleAsync(IPage tab, CancellationToken ct)
    {
        var loaded = tab.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 0 });
        _ = loaded.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // an abandoned wait fails once the tab is closed
        try
        {
            await loaded.WaitAsync(BrowserHost.PageCloseBudget, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.TimeoutException or PlaywrightException)
        {
            // still loading: closed all the same
        }
    }

    /// <summary>Runs a driver command in a page before the client exists; a driver error becomes an expectation failure.</summary>
    internal static async Task<JsonNode> InvokeAsync(IPage page, string command, object? args, CancellationToken ct)
    {
        var commandLine = DriverProtocol.EncodeCommand(1, command, args);
        var line = await BrowserHost.StepAsync($"the driver command '{command}' (before start)", DriverClient.CommandBudget(commandLine),
            () => page.EvaluateAsync<string>("c => window.mxDriver.handle(c)", commandLine), ct,
            "the login driver page's console log (in the device's console log) for the SDK call that never settled").ConfigureAwait(false);
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
