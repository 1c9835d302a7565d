using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Diagnostics;

/// <summary>
/// What a run ran on, written to <c>artifacts/&lt;run-id&gt;/run-manifest.json</c>: run id, start and end, the
/// machine, the homeserver images (tag, id, digests, Synapse version), the SDK versions set-up recorded
/// (<c>MATRIX_COMPLEMENT_JS_*</c>), the browser and the FsCheck seeds. The report shows it on its summary page.
/// </summary>
public sealed record RunManifest
{
    /// <summary>The manifest's file name in the run folder.</summary>
    public const string FileName = "run-manifest.json";

    /// <summary>The file property-based scenarios append their seeds to (one JSON line each) while the run goes.</summary>
    public const string SeedsFileName = "fscheck-seeds.jsonl";

    private const string SdkPrefix = "MATRIX_COMPLEMENT_JS_";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>When the run ended; null while it runs.</summary>
    public DateTimeOffset? EndedUtc { get; init; }

    /// <summary>The machine the run used.</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>The image of each homeserver.</summary>
    public IReadOnlyList<HomeserverImage> Homeservers { get; init; } = [];

    /// <summary>SDK and driver versions, keyed by setting name without its prefix (e.g. <c>SDK_VERSION</c>).</summary>
    public IReadOnlyDictionary<string, string> Sdks { get; init; } = new Dictionary<string, string>();

    /// <summary>The browser the js client kind runs in.</summary>
    public BrowserInfo? Browser { get; init; }

    /// <summary>Run-wide settings worth knowing when reading results (client matrix, timeout scale, artefact policy).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>FsCheck seeds recorded by property-based scenarios, to replay a run.</summary>
    public IReadOnlyList<FsCheckSeed> Seeds { get; init; } = [];

    /// <summary>The machine: cores, memory, OS, load average.</summary>
    public sealed record MachineInfo(int Cores, long MemoryMiB, string Os, string Runtime, IReadOnlyList<double> LoadAverage);

    /// <summary>A homeserver's image: tag, image id, repository digests and the Synapse version it reports.</summary>
    public sealed record HomeserverImage(string Server, string Image, string? Id, IReadOnlyList<string> Digests,
        string? SynapseVersion, string? Problem);

    /// <summary>The browser: its path and version as set-up recorded them.</summary>
    public sealed record BrowserInfo(string? Path, string? Version)
    {
        /// <summary>The extra flags it runs with (<c>MATRIX_COMPLEMENT_CHROMIUM_FLAGS</c>), space-separated.</summary>
        public string? Flags { get; init; }
    }

    /// <summary>One seed: the test that used it and the replay value FsCheck prints.</summary>
    public sealed record FsCheckSeed(string Test, string Seed);

    /// <summary>The manifest file of a run folder.</summary>
    public static string PathIn(string runDirectory) => System.IO.Path.Combine(runDirectory, FileName);

    /// <summary>
    /// Captures the run's environment now: machine, homeserver images (through <c>docker image inspect</c> and the
    /// image's <c>/synapse-version</c>), SDK versions and browser from the settings. Docker problems are recorded per
    /// image, never thrown.
    /// </summary>
    public static async Task<RunManifest> CaptureAsync(string runId, IReadOnlyList<string>? homeservers = null,
        CancellationToken ct = default)
    {
        var images = new List<HomeserverImage>();
        foreach (var server in homeservers ?? ["hs1", "hs2"])
            images.Add(await InspectAsync(server, ct).ConfigureAwait(false));
        return new RunManifest
        {
            RunId = runId,
            StartedUtc = DateTimeOffset.UtcNow,
            Machine = CaptureMachine(),
            Homeservers = images,
            Sdks = SdkVersions(),
            Browser = new BrowserInfo(HarnessSettings.Lookup("MATRIX_COMPLEMENT_CHROMIUM"),
                HarnessSettings.Lookup("MATRIX_COMPLEMENT_CHROMIUM_VERSION")) { Flags = string.Join(' ', BrowserHost.ExtraFlags) },
            Settings = new[] { HarnessSettings.Clients, HarnessSettings.TimeoutScale, HarnessSettings.Artefacts }
                .Where(s => s.Value is not null).ToDictionary(s => s.Name, s => s.Value!),
        };
    }

    /// <summary>The manifest at the end of the run: end time, current load, and the seeds recorded in the run folder.</summary>
    public RunManifest Finish(string runDirectory, DateTimeOffset? endedUtc = null) => this with
    {
        EndedUtc = endedUtc ?? DateTimeOffset.UtcNow,
        Machine = Machine is null ? CaptureMachine() : Machine with { LoadAverage = LoadAverage() },
        Seeds = [.. Seeds.Concat(ReadSeeds(runDirectory)).Distinct()],
    };

    /// <summary>Writes the manifest (secrets redacted) into <paramref name="runDirectory"/> and returns its path.</summary>
    public string Write(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = PathIn(runDirectory);
        File.WriteAllText(path, Redaction.Redact(JsonSerializer.Serialize(this, Options)) + "\n");
        return path;
    }

    /// <summary>Reads a run's manifest; null when it is missing or unreadable (a report never fails for it).</summary>
    public static RunManifest? Read(string runDirectory)
    {
        var path = PathIn(runDirectory);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Appends a seed to the current run's seed file; <see cref="Finish"/> gathers them into the manifest.</summary>
    public static void RecordSeed(string test, string seed, string? runDirectory = null)
    {
        var line = JsonSerializer.Serialize(new FsCheckSeed(test, seed), Options).ReplaceLineEndings("") + "\n";
        var path = System.IO.Path.Combine(runDirectory ?? RunContext.Current.Directory, SeedsFileName);
        lock (Options) File.AppendAllText(path, line);
    }

    /// <summary>The SDK versions set-up recorded: every <c>MATRIX_COMPLEMENT_JS_*</c> key of the environment or state file.</summary>
    public static IReadOnlyDictionary<string, string> SdkVersions()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>())
            if (key.StartsWith(SdkPrefix, StringComparison.Ordinal)) names.Add(key);
        var stateFile = System.IO.Path.Combine(HarnessSettings.CacheDirectory, "setup.env");
        if (File.Exists(stateFile))
            foreach (var line in File.ReadLines(stateFile))
            {
                var eq = line.IndexOf('=');
                if (eq > 0 && line.StartsWith(SdkPrefix, StringComparison.Ordinal)) names.Add(line[..eq].Trim());
            }
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
            if (HarnessSettings.Lookup(name) is { } value && !System.IO.Path.IsPathRooted(value)) // versions, not paths
                versions[name[SdkPrefix.Length..]] = value;
        return versions;
    }

    private static IEnumerable<FsCheckSeed> ReadSeeds(string runDirectory)
    {
        var path = System.IO.Path.Combine(runDirectory, SeedsFileName);
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path))
        {
            FsCheckSeed? seed = null;
            try
            {
                seed = JsonSerializer.Deserialize<FsCheckSeed>(line, Options);
            }
            catch (JsonException)
            {
                // a torn line from a crashed process: skip it
            }
            if (seed is not null) yield return seed;
        }
    }

    private static MachineInfo CaptureMachine()
    {
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kb, ..] && long.TryParse(kb, out var k))
                memory = k * 1024;
        }
        return new MachineInfo(Environment.ProcessorCount, memory / (1024 * 1024), RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription, LoadAverage());
    }

    private static IReadOnlyList<double> LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return [];
            return [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3)
                .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return [];
        }
    }

    private static async Task<HomeserverImage> InspectAsync(string server, CancellationToken ct)
    {
        string image;
        try
        {
            image = HarnessSettings.ImageFor(server);
        }
        catch (InvalidOperationException e)
        {
            return new HomeserverImage(server, "(none)", null, [], null, e.Message);
        }
        var (code, output, error) = await DockerAsync(["image", "inspect", "--format", "{{json .}}", image], ct)
            .ConfigureAwait(false);
        if (code != 0)
            return new HomeserverImage(server, image, null, [], null, $"docker image inspect failed: {error.Trim()}");
        string? id = null;
        var digests = new List<string>();
        try
        {
            var node = JsonNode.Parse(output);
            id = (string?)node?["Id"];
            digests.AddRange((node?["RepoDigests"] as JsonArray ?? []).Select(d => (string?)d).OfType<string>());
        }
        catch (JsonException)
        {
            // keep what we have
        }
        var (vcode, version, verror) = await DockerAsync(
            ["run", "--rm", "--network", "none", "--entrypoint", "cat", image, "/synapse-version"], ct).ConfigureAwait(false);
        return new HomeserverImage(server, image, id, digests, vcode == 0 ? version.Trim() : null,
            vcode == 0 ? null : $"no /synapse-version: {verror.Trim()}");
    }

    private static async Task<(int Code, string Output, string Error)> DockerAsync(IReadOnlyList<string> args,
        CancellationToken ct)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", "docker did not answer within 30 s");
            }
            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"docker is not available: {e.Message}");
        }
    }
}
