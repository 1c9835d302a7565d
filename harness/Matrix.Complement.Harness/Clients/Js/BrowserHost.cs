using System.Collections.Concurrent;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Waiting;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>
/// One Playwright driver and one Chromium headless shell per deployment, shared by every js client of it (one
/// BrowserContext per device), plus the static server for the bundle. The browser resolves <c>hsN</c> to each
/// server's client address through host-resolver rules, so pages use the servers' own names. Browser operations
/// that Playwright leaves without a timeout (opening and closing pages and contexts) go through <see cref="StepAsync{T}"/>,
/// <see cref="ClosePageAsync"/> and <see cref="CloseContextAsync"/>, so a browser that stops answering fails the
/// operation with its name instead of stalling the run.
/// </summary>
internal sealed class BrowserHost : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<BrowserHost>>> Hosts = new();

    private readonly IPlaywright _playwright;
    private readonly StaticFileServer _files;

    private BrowserHost(IPlaywright playwright, IBrowser browser, StaticFileServer files, string marker)
    {
        _playwright = playwright;
        Browser = browser;
        _files = files;
        Marker = marker;
    }

    /// <summary>The shared browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>Where index.html of the bundle is served.</summary>
    public Uri PageUrl => new(_files.BaseUrl, "index.html");

    /// <summary>A flag on the browser's command line that finds its process tree (for memory figures).</summary>
    public string Marker { get; }

    /// <summary>The Chromium binary set-up installed.</summary>
    public static string? ChromiumPath =>
        HarnessSettings.Lookup("MATRIX_COMPLEMENT_CHROMIUM") is { } path && File.Exists(path) ? path : null;

    /// <summary>The flags <see cref="HarnessSettings.ChromiumFlags"/> adds to the browser's command line.</summary>
    public static IReadOnlyList<string> ExtraFlags => HarnessSettings.ChromiumFlags.Value switch
    {
        null => ["--js-flags=--liftoff-only"],
        "none" => [],
        var flags => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    /// <summary>The bundle folder set-up built.</summary>
    public static string? BundleDirectory =>
        HarnessSettings.Lookup("MATRIX_COMPLEMENT_JS_BUNDLE") is { } dir && File.Exists(Path.Combine(dir, "index.html")) ? dir : null;

    /// <summary>The host shared by clients of the given servers, launched on first use.</summary>
    public static Task<BrowserHost> ForAsync(IReadOnlyList<HomeserverHandle> servers)
    {
        var rules = string.Join(", ", servers.Select(s => $"MAP {s.Name} {s.ClientBaseUrl.Host}"));
        return Hosts.GetOrAdd(rules, r => new Lazy<Task<BrowserHost>>(() => LaunchAsync(r))).Value;
    }

    /// <summary>Closes every browser this process launched; one that fails to close does not keep the others open.</summary>
    public static async Task DisposeAllAsync()
    {
        List<Exception> failures = [];
        foreach (var key in Hosts.Keys.ToList())
        {
            if (!Hosts.TryRemove(key, out var lazy) || !lazy.IsValueCreated) continue;
            try
            {
                await (await lazy.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
                // the browser is already gone
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("Closing the js clients' browsers failed.", failures);
    }

    /// <summary>How long closing one page may take before it is closed again at the protocol level.</summary>
    internal static TimeSpan PageCloseBudget => Timeouts.Seconds(10);

    /// <summary>
    /// Runs one browser operation within <paramref name="budget"/> and <paramref name="ct"/>. Several Playwright
    /// operations (new context, new page, page and context close, evaluation) have no timeout of their own; an
    /// operation the browser never answers becomes a <see cref="System.TimeoutException"/> naming
    /// <paramref name="operation"/> and what to check (<paramref name="check"/>); a Playwright action that times out
    /// reads the same way.
    /// </summary>
    internal static async Task<T> StepAsync<T>(string operation, TimeSpan budget, Func<Task<T>> step, CancellationToken ct,
        string? check = null)
    {
        var task = step();
        _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // an abandoned operation may still fail later
        try
        {
            return await task.WaitAsync(budget, ct).ConfigureAwait(false);
        }
        catch (System.TimeoutException e)
        {
            throw StepTimedOut(operation, budget, check, e);
        }
    }

    /// <inheritdoc cref="StepAsync{T}"/>
    internal static Task StepAsync(string operation, TimeSpan budget, Func<Task> step, CancellationToken ct, string? check = null) =>
        StepAsync(operation, budget, async () =>
        {
            await step().ConfigureAwait(false);
            return true;
        }, ct, check);

    /// <summary>
    /// Closes <paramref name="page"/> (without <c>beforeunload</c>) and returns once it is closed. Chromium can
    /// acknowledge the close of a page whose navigation is committing and then drop it (crbug.com/536385539), and
    /// Playwright then waits for ever; so after <see cref="PageCloseBudget"/> the page's target is closed again
    /// through the browser's DevTools session, which destroys it. Throws, naming <paramref name="what"/>, only if
    /// the page outlives that too.
    /// </summary>
    internal static async Task ClosePageAsync(IPage page, string what, CancellationToken ct = default)
    {
        if (page.IsClosed) return;
        var closing = page.CloseAsync(new() { RunBeforeUnload = false });
        _ = closing.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // awaited below, unless a step before throws
        try
        {
            await closing.WaitAsync(PageCloseBudget, ct).ConfigureAwait(false);
            return;
        }
        catch (System.TimeoutException)
        {
            // dropped by the browser: close the target again below (said in the test's output, to count how often)
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} closing {what} did not finish within " +
                                    $"{PageCloseBudget.TotalSeconds:F0}s; closing its target again at the DevTools level.");
        }
        catch (PlaywrightException) when (page.IsClosed)
        {
            return;
        }
        var check = "the browser acknowledged the close and dropped it; the page's target could not be closed at the DevTools " +
                    "level either: the browser process may be stuck (check its memory and the device's console log)";
        await StepAsync($"closing {what} again at the DevTools level (the first close was dropped)", Timeouts.Request, async () =>
        {
            var session = await page.Context.NewCDPSessionAsync(page).ConfigureAwait(false);
            var info = await session.SendAsync("Target.getTargetInfo").ConfigureAwait(false);
            var targetId = info?.GetProperty("targetInfo").GetProperty("targetId").GetString()
                ?? throw new InvalidOperationException($"The browser did not say which target {what} is.");
            await session.DetachAsync().ConfigureAwait(false);
            var browser = page.Context.Browser ?? throw new InvalidOperationException($"{what} belongs to no browser.");
            var root = await browser.NewBrowserCDPSessionAsync().ConfigureAwait(false);
            await root.SendAsync("Target.closeTarget", new Dictionary<string, object> { ["targetId"] = targetId }).ConfigureAwait(false);
            await root.DetachAsync().ConfigureAwait(false);
        }, ct, check).ConfigureAwait(false);
        await StepAsync($"closing {what}", PageCloseBudget, () => closing, ct, check).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads the js driver bundle in <paramref name="page"/> (named <paramref name="what"/> in errors) and returns once
    /// the driver says it is ready (<c>window.mxReady</c>), each step within <see cref="Timeouts.ClientLogin"/>.
    /// </summary>
    internal async Task LoadDriverAsync(IPage page, string what, CancellationToken ct)
    {
        await StepAsync($"loading the driver bundle in {what}", Timeouts.ClientLogin,
            () => page.GotoAsync(PageUrl.ToString(), new() { Timeout = 0 }), ct,
            "the bundle's static server answers (MATRIX_COMPLEMENT_JS_BUNDLE points at a built bundle)").ConfigureAwait(false);
        await StepAsync($"waiting for the driver in {what}", Timeouts.ClientLogin,
            () => page.WaitForFunctionAsync("() => window.mxReady === true", null, new() { Timeout = 0 }), ct,
            "the page's console log for a script error in the bundle").ConfigureAwait(false);
    }

    /// <summary>Closes <paramref name="context"/> and its pages within <see cref="Timeouts.Request"/>; throws naming <paramref name="what"/> otherwise.</summary>
    internal static Task CloseContextAsync(IBrowserContext context, string what, CancellationToken ct = default) =>
        StepAsync($"closing {what}", Timeouts.Request, () => context.CloseAsync(), ct,
            "the browser did not dispose the context; it may be stuck (check its memory and the device's console log)");

    /// <summary>
    /// Closes <paramref name="context"/> on a failure path: bounded like <see cref="CloseContextAsync"/>, but a close
    /// that fails is dropped, so the failure being handled is the one reported.
    /// </summary>
    internal static async Task DiscardContextAsync(IBrowserContext context, string what)
    {
        try
        {
            await CloseContextAsync(context, what).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.TimeoutException or PlaywrightException)
        {
            // the browser is disposed with the host at the end of the run
        }
    }

    private static System.TimeoutException StepTimedOut(string operation, TimeSpan budget, string? check, Exception inner) =>
        new($"Browser: {operation} did not finish within {budget.TotalSeconds:F0}s. " +
            (check is null ? "" : $"Check: {check}. ") +
            "The device's console log and Playwright trace are in the test's artefacts; on a loaded machine raise " +
            "MATRIX_COMPLEMENT_TIMEOUT_SCALE.", inner);

    private static async Task<BrowserHost> LaunchAsync(string rules)
    {
        var chromium = ChromiumPath ?? throw new InvalidOperationException(
            "Chromium headless shell not found: run `./complement setup` (it installs Debian's chromium-headless-shell).");
        var bundle = BundleDirectory ?? throw new InvalidOperationException(
            "The js driver bundle is not built: run `./complement setup`.");
        var marker = $"--mc-browser={Guid.NewGuid():N}";
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                    "--disable-extensions", "--disable-features=Translate,MediaRouter,OptimizationHints",
                    $"--host-resolver-rules={rules}", marker, .. ExtraFlags,
                ],
            }).ConfigureAwait(false);
            return new BrowserHost(playwright, browser, StaticFileServer.Start(bundle), marker);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Closes the browser, the driver and the file server; each step runs even when an earlier one throws.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StepAsync("closing the shared browser", Timeouts.Request, () => Browser.CloseAsync(), CancellationToken.None,
                "the browser process did not exit; stopping the Playwright driver next kills it").ConfigureAwait(false);
        }
        finally
        {
            try
            {
                _playwright.Dispose();
            }
            finally
            {
                await _files.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
