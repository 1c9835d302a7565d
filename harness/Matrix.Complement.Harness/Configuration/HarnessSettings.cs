namespace Matrix.Complement.Harness.Configuration;

/// <summary>
/// The single source of the harness's environment variables. README.md lists the same names; a unit test keeps
/// the two in step. Values come from the process environment first, then from the state file that
/// <c>./complement</c> set-up writes (<c>.cache/setup.env</c>), so a test started from an IDE sees what set-up built.
/// </summary>
public static class HarnessSettings
{
    public static readonly Setting Clients = new("MATRIX_COMPLEMENT_CLIENTS",
        "`js:js/sss,js@hs1:js/sss@hs2,nio:js,js@hs1:raw@hs2`", "The client matrix (grammar in README).");
    public static readonly Setting TimeoutScale = new("MATRIX_COMPLEMENT_TIMEOUT_SCALE",
        "1", "Multiplies every named timeout; raise it on slow machines.");
    public static readonly Setting Lanes = new("MATRIX_COMPLEMENT_LANES",
        "2", "Scenario projects run in this many parallel lanes (each with its own deployment and browser); `1` runs them one after the other.");
    public static readonly Setting Shard = new("MATRIX_COMPLEMENT_SHARD",
        "unset (the whole suite)", "`i/n`: run only the i-th of n deterministic slices of the scenarios (by a stable hash of each test's name), to split the suite across CI machines.");
    public static readonly Setting Artefacts = new("MATRIX_COMPLEMENT_ARTEFACTS",
        "on-failure", "`on-failure` or `always`: when per-test artefacts (logs, flows, traces) are kept.");
    public static readonly Setting ArtefactsDir = new("MATRIX_COMPLEMENT_ARTEFACTS_DIR",
        "`artifacts/` in the repository", "Where run folders (`<run-id>/`) with results and artefacts are written.");
    public static readonly Setting RunId = new("MATRIX_COMPLEMENT_RUN_ID",
        "a new id per command", "Names the run; every container and artefact folder carries it.");
    public static readonly Setting HomeserverImage = new("MATRIX_COMPLEMENT_HS_IMAGE",
        "the Synapse image built by set-up", "Image for every homeserver (must honour the image contract).");
    public static readonly Setting Hs1Image = new("MATRIX_COMPLEMENT_HS1_IMAGE",
        "MATRIX_COMPLEMENT_HS_IMAGE", "Image for hs1 only (likewise `_HS2_IMAGE`, … for other servers).");
    public static readonly Setting SynapseImage = new("MATRIX_COMPLEMENT_SYNAPSE_IMAGE",
        "written by set-up", "The tag of the Synapse image set-up built (content-hashed).");
    public static readonly Setting HomeserverStartTimeout = new("MATRIX_COMPLEMENT_HS_START_TIMEOUT",
        "60 (seconds)", "How long a homeserver may take to answer `/_matrix/client/versions`.");
    public static readonly Setting DebianMirror = new("MATRIX_COMPLEMENT_DEBIAN_MIRROR",
        "the mirror of this machine's apt sources", "Debian mirror used to build `debian:sid` offline.");
    public static readonly Setting KeepDockerd = new("MATRIX_COMPLEMENT_KEEP_DOCKERD",
        "0", "`1` leaves a dockerd started by set-up running when the command ends.");
    public static readonly Setting Cache = new("MATRIX_COMPLEMENT_CACHE",
        "`.cache/` in the repository", "Set-up state, logs and build caches.");
    public static readonly Setting SharedCache = new("MATRIX_COMPLEMENT_SHARED_CACHE",
        "`~/.cache/matrix-complement`", "Content-hashed build caches shared by every checkout (the vodozemac shim).");
    public static readonly Setting VodozemacLib = new("MATRIX_COMPLEMENT_VODOZEMAC_LIB",
        "written by set-up", "Path of the vodozemac shim library (`libvzshim.so`) that Vodozemac.Net loads.");
    public static readonly Setting CargoJobs = new("MATRIX_COMPLEMENT_CARGO_JOBS",
        "2", "Parallel cargo jobs when set-up builds the vodozemac shim.");
    public static readonly Setting OfflineBase = new("MATRIX_COMPLEMENT_OFFLINE_BASE",
        "0", "`1` builds `debian:sid` with debootstrap without trying a registry first.");
    public static readonly Setting LiveKitImage = new("MATRIX_COMPLEMENT_LIVEKIT_IMAGE",
        "`livekit/livekit-server:v1.13.7`", "LiveKit SFU image for the call media scenarios (skipped where it cannot be pulled).");
    public static readonly Setting LkJwtServiceImage = new("MATRIX_COMPLEMENT_LK_JWT_SERVICE_IMAGE",
        "`element-hq/lk-jwt-service:0.6.0`", "lk-jwt-service image (give the full reference with its registry).");
    public static readonly Setting Auth = new("MATRIX_COMPLEMENT_AUTH",
        "standin", "`standin` (the offline OAuth 2.0 stand-in, never reported as MAS), `mas` (MAS + PostgreSQL containers) or `none`.");
    public static readonly Setting MasImage = new("MATRIX_COMPLEMENT_MAS_IMAGE",
        "`element-hq/matrix-authentication-service:1.22.0`", "MAS image for the `mas` auth mode, a pinned release (prefix your registry where your engine needs it).");
    public static readonly Setting PostgresImage = new("MATRIX_COMPLEMENT_POSTGRES_IMAGE",
        "`postgres:13.3-alpine`", "PostgreSQL image for MAS.");
    public static readonly Setting JsSdk = new("MATRIX_COMPLEMENT_JS_SDK",
        "the pinned 43.0.0", "matrix-js-sdk to test: an npm version, a `.tgz` tarball, or a built checkout folder.");
    public static readonly Setting JsCryptoWasm = new("MATRIX_COMPLEMENT_JS_CRYPTO_WASM",
        "the pinned 18.9.0", "The same for @matrix-org/matrix-sdk-crypto-wasm (forced through npm `overrides`).");
    public static readonly Setting Chromium = new("MATRIX_COMPLEMENT_CHROMIUM",
        "written by set-up", "The Chromium headless shell binary the js client runs in.");
    public static readonly Setting ChromiumFlags = new("MATRIX_COMPLEMENT_CHROMIUM_FLAGS",
        "`--js-flags=--liftoff-only`", "Extra flags for the js client's browser, separated by spaces, or `none`. The default runs WebAssembly on V8's baseline compiler only: every device is a fresh browser context that runs the crypto module for seconds, and optimising it again in each context cost more CPU than it saved (a quarter of the browser-side CPU of a js scenario run). The run manifest records the flags used.");
    public static readonly Setting JsBundle = new("MATRIX_COMPLEMENT_JS_BUNDLE",
        "written by set-up", "The js driver bundle folder (`fixtures/clients/js/dist`, or the override's copy).");
    public static readonly Setting NioImage = new("MATRIX_COMPLEMENT_NIO_IMAGE",
        "written by set-up", "The nio client image (matrix-nio on libolm, from `fixtures/clients/nio`; content-hashed tag).");

    /// <summary>Every documented setting, in README order.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        Clients, TimeoutScale, Lanes, Shard, Artefacts, ArtefactsDir, RunId, HomeserverImage, Hs1Image, SynapseImage,
        HomeserverStartTimeout, DebianMirror, OfflineBase, KeepDockerd, Cache, SharedCache, VodozemacLib, CargoJobs,
        LiveKitImage, LkJwtServiceImage, Auth, MasImage, PostgresImage,
        JsSdk, JsCryptoWasm, Chromium, ChromiumFlags, JsBundle, NioImage,
        .. Hunting.HuntSettings.All,
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, string>> StateFile = new(ReadStateFile);

    /// <summary>The repository root (the folder holding Matrix.Complement.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The value of a variable: process environment first, then set-up's state file.</summary>
    public static string? Lookup(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value)) return value;
        return StateFile.Value.TryGetValue(name, out var stored) && stored.Length > 0 ? stored : null;
    }

    /// <summary>Folder for set-up state, logs and caches.</summary>
    public static string CacheDirectory => Cache.Value ?? Path.Combine(RepositoryRoot, ".cache");

    /// <summary>The image a homeserver runs: its own override, the common override, or the built Synapse image.</summary>
    public static string ImageFor(string homeserver)
    {
        var own = Lookup($"MATRIX_COMPLEMENT_{homeserver.ToUpperInvariant()}_IMAGE");
        return own ?? HomeserverImage.Value ?? SynapseImage.Value
            ?? throw new InvalidOperationException(
                $"No image for {homeserver}: set-up has not run (run `./complement setup`), or set " +
                $"{HomeserverImage.Name} to an image that honours the homeserver image contract.");
    }

    /// <summary>The timeout scale, validated: a positive number.</summary>
    public static double TimeoutScaleFactor
    {
        get
        {
            var raw = TimeoutScale.Value;
            if (raw is null) return 1.0;
            if (double.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var scale) && scale > 0)
                return scale;
            throw new InvalidOperationException(
                $"{TimeoutScale.Name}='{raw}' is not a positive number; use e.g. 1, 2 or 1.5.");
        }
    }

    private static IReadOnlyDictionary<string, string> ReadStateFile() =>
        ReadEnvFile(Path.Combine(Environment.GetEnvironmentVariable(Cache.Name) ?? Path.Combine(RepositoryRoot, ".cache"), "setup.env"));

    /// <summary>
    /// Reads a <c>KEY=value</c> file the shell side writes (set-up's state, a run's <c>summary.env</c>) as data:
    /// <c>#</c> lines are comments, the last value of a key wins; a missing file has no values.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadEnvFile(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return values;
        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=');
            if (eq > 0 && !line.StartsWith('#')) values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return values;
    }

    private static string FindRepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        // The build output is usually inside the repository; with an artefacts path elsewhere, the working
        // directory or this file's own location at build time still leads there.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(source) ?? "" })
        {
            if (start.Length == 0) continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Matrix.Complement.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
