using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;
using Microsoft.Playwright;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// livekit-client's own E2EE frame cryptor (its <c>FrameCryptor</c> and <c>ParticipantKeyHandler</c>, bundled by
/// the livekit set-up step) in Debian's Chromium, as an oracle for <see cref="FrameCryptor"/>: frames go in as
/// synthetic encoded audio/video frames and come out encrypted, decrypted or dropped. The page is served from a
/// loopback static server; no network is used.
/// </summary>
public sealed class LiveKitFrameOracle : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly StaticFileServer _files;

    private LiveKitFrameOracle(IPlaywright playwright, IBrowser browser, IPage page, StaticFileServer files, string version)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _files = files;
        LiveKitClientVersion = version;
    }

    /// <summary>The livekit-client version bundled into the page.</summary>
    public string LiveKitClientVersion { get; }

    /// <summary>The oracle page folder set-up built, or null when it is missing.</summary>
    public static string? BundleDirectory =>
        new[]
        {
            HarnessSettings.Lookup("MATRIX_COMPLEMENT_LIVEKIT_ORACLE"),
            Path.Combine(HarnessSettings.RepositoryRoot, "fixtures", "clients", "livekit", "dist"),
        }.FirstOrDefault(d => d is not null && File.Exists(Path.Combine(d, "oracle.js")));

    /// <summary>The Chromium binary set-up installed, or null.</summary>
    public static string? ChromiumPath =>
        HarnessSettings.Lookup("MATRIX_COMPLEMENT_CHROMIUM") is { } path && File.Exists(path) ? path : null;

    /// <summary>Why the oracle cannot start here, or null when it can.</summary>
    public static string? Unavailable =>
        ChromiumPath is null ? "Chromium is not installed (run `./complement setup`)."
        : BundleDirectory is null ? "The livekit oracle page is not built (run `./complement setup`; step mc_ensure_livekit)."
        : null;

    /// <summary>Launches Chromium, opens the oracle page and waits until livekit-client is loaded.</summary>
    public static async Task<LiveKitFrameOracle> StartAsync(CancellationToken ct = default)
    {
        if (Unavailable is { } why) throw new InvalidOperationException(why);
        var files = StaticFileServer.Start(BundleDirectory!);
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"],
            }).ConfigureAwait(false);
            var page = await browser.NewPageAsync().ConfigureAwait(false);
            await page.GotoAsync(new Uri(files.BaseUrl, "index.html").ToString()).WaitAsync(ct).ConfigureAwait(false);
            await page.WaitForFunctionAsync("() => window.lkReady === true", null,
                new PageWaitForFunctionOptions { Timeout = 30_000 }).WaitAsync(ct).ConfigureAwait(false);
            var version = await page.EvaluateAsync<string>("() => lk.versions.livekitClient").ConfigureAwait(false);
            return new LiveKitFrameOracle(playwright, browser, page, files, version);
        }
        catch
        {
            playwright.Dispose();
            await files.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Encrypts <paramref name="frames"/> as a livekit-client sender with the request's key ring.</summary>
    public Task<LiveKitOracleResult> EncryptAsync(LiveKitOracleRequest request, IReadOnlyList<MediaFrame> frames,
        CancellationToken ct = default) => RunAsync("encrypt", request, frames, ct);

    /// <summary>Decrypts <paramref name="frames"/> as a livekit-client receiver with the request's key ring.</summary>
    public Task<LiveKitOracleResult> DecryptAsync(LiveKitOracleRequest request, IReadOnlyList<MediaFrame> frames,
        CancellationToken ct = default) => RunAsync("decrypt", request, frames, ct);

    private async Task<LiveKitOracleResult> RunAsync(string operation, LiveKitOracleRequest request,
        IReadOnlyList<MediaFrame> frames, CancellationToken ct)
    {
        var codecs = frames.Where(f => f.Kind != MediaFrameKind.Audio).Select(f => f.Codec).Distinct().ToList();
        var body = new JsonObject
        {
            ["identity"] = request.Identity,
            ["keys"] = new JsonArray(request.Keys.Select(k => (JsonNode)new JsonObject
            {
                ["index"] = k.Index,
                ["key"] = k.Key is null ? null : Convert.ToBase64String(k.Key),
                ["password"] = k.Passphrase,
            }).ToArray()),
            ["current"] = request.CurrentIndex,
            ["ratchets"] = request.Ratchets,
            ["options"] = new JsonObject
            {
                ["ratchetSalt"] = request.Options.RatchetSalt,
                ["keySize"] = request.Options.KeySizeBits,
                ["ratchetWindowSize"] = request.Options.RatchetWindowSize,
                ["keyringSize"] = request.Options.KeyringSize,
            },
            ["codec"] = codecs.Count == 1 ? CodecName(codecs[0]) : null,
            ["frames"] = new JsonArray(frames.Select(f => (JsonNode)new JsonObject
            {
                ["kind"] = f.Kind == MediaFrameKind.Audio ? "audio" : "video",
                ["type"] = f.Kind switch { MediaFrameKind.VideoKey => "key", MediaFrameKind.VideoDelta => "delta", _ => null },
                ["mimeType"] = f.Kind == MediaFrameKind.Audio ? null : "video/" + CodecName(f.Codec).ToUpperInvariant(),
                ["data"] = Convert.ToBase64String(f.Data.Span),
                ["ssrc"] = f.Ssrc,
                ["timestamp"] = f.Timestamp,
            }).ToArray()),
        };
        // Passphrase keys are JSON null under "key" and absent keys must be undefined for the page.
        foreach (var key in body["keys"]!.AsArray().OfType<JsonObject>())
            foreach (var name in key.Where(p => p.Value is null).Select(p => p.Key).ToList()) key.Remove(name);
        if (request.CurrentIndex is null) body.Remove("current");

        var json = await _page.EvaluateAsync<string>(
                $"s => lk.{operation}(JSON.parse(s)).then(r => JSON.stringify(r))", body.ToJsonString())
            .WaitAsync(ct).ConfigureAwait(false);
        var result = JsonNode.Parse(json)!.AsObject();
        return new LiveKitOracleResult(
            result["frames"]!.AsArray().Select(f => f is null ? null : Convert.FromBase64String(f.GetValue<string>())).ToList(),
            result["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList(),
            result["warnings"]!.AsArray().Select(e => e!.GetValue<string>()).ToList(),
            result["currentKeyIndex"]!.GetValue<int>(),
            result["chainKeys"]!.AsArray().Select(c => Convert.FromBase64String(c!.GetValue<string>())).ToList());
    }

    private static string CodecName(VideoCodec codec) => codec switch
    {
        VideoCodec.Vp8 => "vp8",
        VideoCodec.Vp9 => "vp9",
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, null),
    };

    /// <summary>Closes the page, the browser and the file server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
        await _files.DisposeAsync().ConfigureAwait(false);
    }
}
