using System.IO.Compression;
using System.Text;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>
/// The <c>js</c> client kind: matrix-js-sdk with Rust crypto (WASM) in a page of the shared Chromium headless
/// shell. One BrowserContext per device holds its IndexedDB, so a restart (a new page in the same context) keeps
/// the device's keys; a crash is a real renderer crash (CDP <c>Page.crash</c>). Commands go to the page's
/// <c>window.mxDriver.handle</c>; pushed events come back through an exposed function.
/// </summary>
public sealed class JsSdkBrowserClient : DriverClient
{
    // Harmless on every start (no key backup yet; MSC4143 is off on the servers).
    private static readonly string[] ExpectedConsoleErrors = ["/room_keys/version", "/rtc/transports"];

    private readonly BrowserHost _host;
    private readonly List<string> _console = [];
    private IBrowserContext? _context;
    private bool _contextPrepared;
    private IPage? _page;
    private bool _deleted;
    private int _pageNumber;

    private JsSdkBrowserClient(BrowserHost host, string actor, HomeserverHandle server, MatrixSession session,
        ClientOptions options) : base(actor, ClientKind.Js, server, session, options) => _host = host;

    /// <summary>True when set-up installed the browser and built the bundle.</summary>
    public static bool IsAvailable => BrowserHost.ChromiumPath is not null && BrowserHost.BundleDirectory is not null;

    /// <summary>Closes every browser this process launched (call when the test assembly is done).</summary>
    public static Task DisposeBrowsersAsync() => BrowserHost.DisposeAllAsync();

    /// <summary>Creates (does not start) a js client for a logged-in device on <paramref name="server"/>.</summary>
    internal static async Task<JsSdkBrowserClient> CreateAsync(Deployment.Deployment deployment, string actor,
        HomeserverHandle server, MatrixSession session, ClientOptions options)
    {
        var host = await BrowserHost.ForAsync(deployment.Homeservers).ConfigureAwait(false);
        return new JsSdkBrowserClient(host, actor, server, session, options);
    }

    /// <summary>
    /// Creates (does not start) a js client for a device whose login already happened in <paramref name="context"/>
    /// (an OAuth login drives the auth server's pages in the device's own browser context, which keeps the session
    /// for the driver); the client takes the context over and closes it on dispose.
    /// </summary>
    internal static JsSdkBrowserClient CreateInContext(BrowserHost host, string actor, HomeserverHandle server,
        MatrixSession session, ClientOptions options, IBrowserContext context) =>
        new(host, actor, server, session, options) { _context = context };

    /// <summary>The device's browser context while it has one (for tabs the user opens beside the client, e.g. an account page).</summary>
    internal IBrowserContext? Context => _context;

    /// <summary>The homeserver base URL as pages of the shared browser reach <paramref name="server"/> (its own name).</summary>
    internal static string BaseUrlFor(HomeserverHandle server) => $"http://{server.Name}:{server.ClientBaseUrl.Port}";

    /// <summary>The browser's process tree marker, for memory figures.</summary>
    internal string BrowserMarker => _host.Marker;

    /// <summary>Unexpected console errors so far (the two harmless 404s of every start are left out).</summary>
    public IReadOnlyList<string> UnexpectedConsoleErrors
    {
        get
        {
            lock (_console)
                return _console.Where(l => l.Contains(" error: ", StringComparison.Ordinal) &&
                                           !ExpectedConsoleErrors.Any(e => l.Contains(e, StringComparison.Ordinal))).ToList();
        }
    }

    /// <inheritdoc />
    protected override string BrowserBaseUrl => BaseUrlFor(Server);

    /// <inheritdoc />
    protected override async Task OpenAsync(CancellationToken ct)
    {
        if (_deleted) throw new InvalidOperationException($"{Who}: its storage was deleted; log in a new device instead.");
        if (_page is not null) throw new InvalidOperationException($"{Who} is already running.");
        _context ??= await BrowserHost.StepAsync($"opening {Who}'s browser context", Waiting.Timeouts.Request,
            () => _host.Browser.NewContextAsync(), ct).ConfigureAwait(false);
        var context = _context;
        if (!_contextPrepared)
        {
            _contextPrepared = true;
            if (Options.Artefacts is not null) // a trace per client, kept with the test's artefacts
                await BrowserHost.StepAsync($"starting {Who}'s Playwright trace", Waiting.Timeouts.Request,
                    () => context.Tracing.StartAsync(new() { Screenshots = false, Snapshots = false, Sources = false }), ct).ConfigureAwait(false);
            await BrowserHost.StepAsync($"exposing the event channel to {Who}'s pages", Waiting.Timeouts.Request,
                () => context.ExposeFunctionAsync("mxEmit", (string line) => OnPageEvent(line)), ct).ConfigureAwait(false);
        }
        var page = await BrowserHost.StepAsync($"opening {Who}'s driver page", Waiting.Timeouts.Request,
            () => context.NewPageAsync(), ct).ConfigureAwait(false);
        var number = ++_pageNumber;
        page.Console += (_, m) => Log($"page{number} {m.Type}: {m.Text}");
        page.PageError += (_, e) => Log($"page{number} error: uncaught {e}");
        page.Crash += (_, _) => Log($"page{number} crashed");
        _page = page;
        await _host.LoadDriverAsync(page, $"{Who}'s page", ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<string> TransportAsync(string commandLine, CancellationToken ct)
    {
        var page = _page ?? throw new InvalidOperationException($"{Who} is not running (start it first).");
        return await page.EvaluateAsync<string>("c => window.mxDriver.handle(c)", commandLine).WaitAsync(ct).ConfigureAwait(false);
    }

    private void OnPageEvent(string line)
    {
        Log("event " + line);
        OnDriverLine(line);
    }

    /// <summary>Adds a line to the device's console log (kept with the test's artefacts).</summary>
    internal void Log(string line)
    {
        lock (_console) _console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    /// <inheritdoc />
    public override async Task CloseAsync(CancellationToken ct = default)
    {
        if (_page is null) return;
        var page = _page;
        _page = null;
        await BrowserHost.ClosePageAsync(page, $"{Who}'s driver page", ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task CrashAsync(CancellationToken ct = default)
    {
        var page = _page ?? throw new InvalidOperationException($"{Who} is not running.");
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Crash += (_, _) => crashed.TrySetResult();
        var cdp = await _context!.NewCDPSessionAsync(page).ConfigureAwait(false);
        // The CDP call never completes: the renderer dies under it. Wait for the crash event instead.
        _ = cdp.SendAsync("Page.crash").ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        await crashed.Task.WaitAsync(Waiting.Timeouts.Seconds(10), ct).ConfigureAwait(false);
        _page = null;
        await BrowserHost.ClosePageAsync(page, $"{Who}'s crashed page", ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task DeleteStorageAsync(CancellationToken ct = default)
    {
        await CloseAsync(ct).ConfigureAwait(false);
        await SaveAndCloseContextAsync().ConfigureAwait(false);
        _deleted = true;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // a crashed or already closed page
        }
        finally
        {
            await SaveAndCloseContextAsync().ConfigureAwait(false);
        }
    }

    private async Task SaveAndCloseContextAsync()
    {
        if (_context is null) return;
        var context = _context;
        _context = null;
        _contextPrepared = false;
        var artefacts = Options.Artefacts;
        var name = $"{Actor}-{DeviceId}";
        if (artefacts is not null)
        {
            string[] lines;
            lock (_console) lines = _console.ToArray();
            artefacts.Write($"{name}.console.log", string.Join('\n', lines) + '\n');
            var trace = Path.Combine(artefacts.Directory, $"{name}.trace.zip");
            try
            {
                await BrowserHost.StepAsync($"saving {Who}'s Playwright trace", Waiting.Timeouts.Request,
                    () => context.Tracing.StopAsync(new() { Path = trace }), CancellationToken.None).ConfigureAwait(false);
                RedactTrace(trace);
                artefacts.Add(trace);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                artefacts.Write($"{name}.trace-error.txt", e.Message);
            }
        }
        await BrowserHost.CloseContextAsync(context, $"{Who}'s browser context").ConfigureAwait(false);
    }

    /// <summary>Rewrites a Playwright trace with every text entry passed through <see cref="Redaction"/>.</summary>
    internal static void RedactTrace(string zipPath)
    {
        var entries = new List<(string Name, byte[] Bytes)>();
        using (var source = ZipFile.OpenRead(zipPath))
        {
            foreach (var entry in source.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                entries.Add((entry.FullName, buffer.ToArray()));
            }
        }
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        using var target = ZipFile.Open(zipPath + ".tmp", ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            var output = bytes;
            try
            {
                output = strict.GetBytes(Redaction.Redact(strict.GetString(bytes)));
            }
            catch (DecoderFallbackException)
            {
                // binary (wasm, images): no secrets in text form
            }
            using var stream = target.CreateEntry(name, CompressionLevel.Fastest).Open();
            stream.Write(output);
        }
        target.Dispose();
        File.Move(zipPath + ".tmp", zipPath, overwrite: true);
    }
}
