using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Cli;

/// <summary>
/// <c>manifest start|finish [--run-dir DIR] [--servers hs1,hs2]</c>: writes <c>run-manifest.json</c> of the current
/// run (<c>MATRIX_COMPLEMENT_RUN_ID</c>). <c>start</c> records the machine, homeserver images (digests, Synapse
/// version), SDK versions and browser; <c>finish</c> adds the end time, the load and the FsCheck seeds the tests
/// recorded. Exit codes: 0 written, 2 bad arguments.
/// </summary>
public static class ManifestCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "usage: manifest start|finish [--run-dir DIR] [--servers hs1,hs2]";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("start" or "finish"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string? runDir = null;
        IReadOnlyList<string> servers = ["hs1", "hs2"];
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--run-dir" when i + 1 < args.Length: runDir = args[++i]; break;
                case "--servers" when i + 1 < args.Length:
                    servers = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default:
                    Console.Error.WriteLine($"manifest: unknown or incomplete argument '{args[i]}'");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        var directory = runDir ?? RunContext.Current.Directory;
        var runId = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        RunManifest manifest;
        if (args[0] == "start")
        {
            manifest = await RunManifest.CaptureAsync(runId, servers).ConfigureAwait(false);
        }
        else
        {
            var started = RunManifest.Read(directory);
            manifest = (started ?? await RunManifest.CaptureAsync(runId, servers).ConfigureAwait(false)).Finish(directory);
        }
        var path = manifest.Write(directory);
        Console.WriteLine($"manifest: {path}");
        foreach (var hs in manifest.Homeservers.Where(h => h.Problem is not null))
            Console.Error.WriteLine($"manifest: {hs.Server}: {hs.Problem}");
        return 0;
    }
}
