using System.Collections.Concurrent;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>
/// One Playwright driver and one Chromium headless shell per deployment, shared by every js client of it (one
/// BrowserContext per device), plus the static server for the bundle. The browser resolves <c>hsN</c> to each
/// server's client address through host-resolver rules, so pages use the servers' own names.
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

    /// <summary>The bundle folder set-up built.</summary>
    public static string? BundleDirectory =>
        HarnessSettings.Lookup("MATRIX_COMPLEMENT_JS_BUNDLE") is { } dir && File.Exists(Path.Combine(dir, "index.html")) ? dir : null;

    /// <summary>The host shared by clients of the given servers, launched on first use.</summary>
    public static Task<BrowserHost> ForAsync(IReadOnlyList<HomeserverHandle> servers)
    {
        var rules = string.Join(", ", servers.Select(s => $"MAP {s.Name} {s.ClientBaseUrl.Host}"));
        return Hosts.GetOrAdd(rules, r => new Lazy<Task<BrowserHost>>(() => LaunchAsync(r))).Value;
    }

    /// <summary>Closes every browser this process launched.</summary>
    public static async Task DisposeAllAsync()
    {
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
        }
    }

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
                    $"--host-resolver-rules={rules}", marker,
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

    /// <summary>Closes the browser, the driver and the file server.</summary>
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
        await _files.DisposeAsync().ConfigureAwait(false);
    }
}
